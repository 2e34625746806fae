package io.chorus.agent;

import io.chorus.api.Member;
import io.chorus.api.NodeId;
import io.chorus.api.Ring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ring/shares}: each member's share of the keys on this node's ring, for the live view's
 * wheel. Every ring strategy (vnode, Maglev, rendezvous) answers only "who owns this key", so the
 * share is measured: the owners of {@link #samples} fixed keys are counted. The answer is
 * {@code {"epoch":E,"sampled_keys":S,"members":[{"id","name","zone","share"},...]}}, members in the
 * ring's order, {@code zone} the member's {@code zone} tag or null. Computed once per ring epoch.
 */
final class RingShares {
    /** Keys sampled at least; more for a large ring, so a member's share rests on some 64 keys. */
    static final int MIN_SAMPLES = 16_384;
    static final int MAX_SAMPLES = 262_144;

    private record Answer(long epoch, Map<String, Object> body) {
    }

    private volatile Answer last;

    /** @return how many keys to sample for a ring of {@code members} */
    static int samples(int members) {
        return (int) Math.min(MAX_SAMPLES, Math.max(MIN_SAMPLES, 64L * members));
    }

    /**
     * @param ring the node's ring now
     * @return the answer of {@code /ring/shares} for it
     */
    Map<String, Object> of(Ring ring) {
        Answer cached = last;
        if (cached != null && cached.epoch() == ring.epoch()) {
            return cached.body();
        }
        List<Member> members = ring.members();
        int samples = samples(members.size());
        Map<NodeId, int[]> counts = new HashMap<>();
        for (Member m : members) {
            counts.put(m.id(), new int[1]);
        }
        StringBuilder key = new StringBuilder("share-");
        for (int i = 0; i < samples; i++) {
            key.setLength(6);
            key.append(i);
            ring.owner(key).map(m -> counts.get(m.id())).ifPresent(c -> c[0]++);
        }
        List<Map<String, Object>> out = new ArrayList<>(members.size());
        for (Member m : members) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", m.id().toString());
            o.put("name", m.name());
            o.put("zone", m.tags().get("zone"));
            o.put("share", counts.get(m.id())[0] / (double) samples);
            out.add(o);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("epoch", ring.epoch());
        answer.put("sampled_keys", samples);
        answer.put("members", out);
        last = new Answer(ring.epoch(), answer);
        return answer;
    }
}
