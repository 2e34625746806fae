package io.chorus.hashing;

import io.chorus.api.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The members of a ring in canonical order, with what every strategy reads from their tags.
 *
 * <p>Canonical order is by name (a node's stable identity), so a ring does not depend on the order
 * the members came in. A member's index in this order is its index everywhere in this module.
 *
 * <ul>
 *   <li>Weight: tag {@value #WEIGHT_TAG}, a whole number from 1 to {@value #MAX_WEIGHT}, written
 *       in decimal digits only. A missing or bad tag (not a number, out of range) counts as 1: a
 *       typo in one member's tags must not break the ring of the whole cluster.</li>
 *   <li>Zone: tag {@value #ZONE_TAG}. Members with the same value share a zone; a member without
 *       the tag is a zone of its own.</li>
 * </ul>
 */
final class RingMembers {
    static final String WEIGHT_TAG = "weight";
    static final String ZONE_TAG = "zone";
    static final int MAX_WEIGHT = 100;

    final Member[] members;
    final List<Member> list;
    final int[] weights;
    final int[] zones;
    final int zoneCount;
    final boolean uniformWeights;

    private RingMembers(Member[] members) {
        this.members = members;
        this.list = List.of(members);
        int n = members.length;
        this.weights = new int[n];
        this.zones = new int[n];
        Map<String, Integer> zoneIds = new HashMap<>();
        int nextZone = 0;
        boolean uniform = true;
        for (int i = 0; i < n; i++) {
            weights[i] = weight(members[i]);
            uniform &= weights[i] == weights[0];
            String zone = members[i].tags().get(ZONE_TAG);
            if (zone == null) {
                zones[i] = nextZone++;
            } else {
                Integer id = zoneIds.get(zone);
                if (id == null) {
                    id = nextZone++;
                    zoneIds.put(zone, id);
                }
                zones[i] = id;
            }
        }
        this.zoneCount = nextZone;
        this.uniformWeights = uniform;
    }

    /**
     * @param members the members, in any order
     * @return them in canonical order
     * @throws IllegalArgumentException when two members share a name
     */
    static RingMembers of(List<Member> members) {
        Objects.requireNonNull(members, "members");
        Member[] sorted = new ArrayList<>(members).toArray(new Member[0]);
        for (Member m : sorted) {
            Objects.requireNonNull(m, "member");
        }
        Arrays.sort(sorted, Comparator.comparing(Member::name));
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].name().equals(sorted[i - 1].name())) {
                throw new IllegalArgumentException("two members named '" + sorted[i].name() + "' ("
                        + sorted[i - 1].id() + " and " + sorted[i].id() + "): a ring holds each node once");
            }
        }
        return new RingMembers(sorted);
    }

    /** @return the member's weight from its tag, 1 when the tag is missing or bad */
    static int weight(Member member) {
        String raw = member.tags().get(WEIGHT_TAG);
        if (raw == null || raw.isEmpty() || raw.length() > 3) {
            return 1;
        }
        int w = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return 1;
            }
            w = w * 10 + (c - '0');
        }
        return w >= 1 && w <= MAX_WEIGHT ? w : 1;
    }

    int size() {
        return members.length;
    }

    long totalWeight() {
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        return total;
    }
}
