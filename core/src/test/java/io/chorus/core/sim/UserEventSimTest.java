package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterEvent;
import io.chorus.core.sim.SimCluster.Life;
import io.chorus.core.sim.SimCluster.Timed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User events through the real engine in virtual time: every node delivers each event once, in the order it was broadcast. */
class UserEventSimTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;
    private static final int EVENTS = 40;

    @ParameterizedTest(name = "{0} nodes, loss {1}, seed {2}")
    @CsvSource({"30, 0.0, 1", "30, 0.10, 2", "200, 0.0, 3", "200, 0.05, 4"})
    void everyNodeDeliversEachEventOnceInOrder(int n, double loss, long seed) {
        SimCluster c = new SimCluster(seed, loss, MS).nodes(n).startAll(20 * MS);
        c.awaitConverged(60 * SECOND);
        Life origin = c.lives.get(1);
        long start = c.net.now;
        for (int i = 0; i < EVENTS; i++) {
            // every fifth event is over the packet budget, so it goes in gossip frames
            byte[] payload = new byte[i % 5 == 4 ? 3000 : 16];
            byte[] label = ("e" + i + ";").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(label, 0, payload, 0, label.length);
            SimEvent e = new SimEvent(origin.node, () -> {
                assertTrue(origin.engine().reserveBroadcast(256));
                origin.engine().broadcast("t", new byte[] {'t'}, payload, 0);
            });
            e.time(start + i * 10 * MS);
            c.net.queue.add(e);
        }
        c.run(30 * SECOND);
        long last = 0;
        for (Life l : c.live()) {
            List<Integer> got = new ArrayList<>();
            for (Timed t : l.events) {
                if (t.event() instanceof ClusterEvent.UserEvent u && u.sender().name().equals(origin.name())) {
                    String s = new String(u.payload(), StandardCharsets.US_ASCII);
                    got.add(Integer.parseInt(s.substring(1, s.indexOf(';'))));
                    last = Math.max(last, t.at());
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                expected.add(i);
            }
            assertEquals(expected, got, l.name() + " delivered each event once, in broadcast order");
            assertEquals(EVENTS, l.engine().stats().userEvents());
        }
        System.out.printf("%d nodes, loss %.2f: %d user events reached every node %d ms (virtual) after the first was sent%n",
                n, loss, EVENTS, (last - start) / MS);
    }
}
