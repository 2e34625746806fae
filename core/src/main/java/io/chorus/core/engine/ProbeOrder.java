package io.chorus.core.engine;

import io.chorus.core.wire.Peer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The order of probes: round-robin over a shuffled list of the live members, reshuffled after
 * each pass (SWIM's round-robin probe target selection, which bounds the time until every member
 * is probed). A member that joins or comes back goes in at a random place among those not yet
 * probed in this pass.
 */
final class ProbeOrder {
    private final MemberTable table;
    private final LocalNode local;
    private final SplittableRandom random;
    private Peer[] order = new Peer[16];
    private int count;
    private int index;

    ProbeOrder(MemberTable table, LocalNode local, SplittableRandom random) {
        this.table = table;
        this.local = local;
        this.random = random;
    }

    /** @param members the expected cluster size: room for it without copying */
    void expect(int members) {
        if (order.length < members) {
            order = Arrays.copyOf(order, members);
        }
    }

    /** @return the next live member to probe, or null when there is none */
    Peer next() {
        for (int guard = 0; guard < 2; guard++) {
            while (index < count) {
                Peer p = order[index++];
                if (table.holdsLive(table.find(p), p)) {
                    return p;
                }
            }
            rebuild();
        }
        return null;
    }

    /** @param p a member that joined or came back */
    void add(Peer p) {
        if (count == order.length) {
            order = Arrays.copyOf(order, count * 2 + 16);
        }
        // insert at a random position among those not yet probed in this pass
        int pos = index + random.nextInt(count - index + 1);
        order[count] = order[pos];
        order[pos] = p;
        count++;
    }

    private void rebuild() {
        if (order.length < table.size) {
            order = new Peer[table.size * 2];
        }
        int n = 0;
        for (int s = 0; s < table.size; s++) {
            if (table.peers[s] != local.peer && table.live(s)) {
                order[n++] = table.peers[s];
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Peer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Arrays.fill(order, n, count > n ? count : n, null);
        count = n;
        index = 0;
    }
}
