package io.chorus.discovery.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.testkit.Dnsmasq;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when scenario, in one JVM: real nodes (UDP + TCP on 127.0.0.1, assembled by
 * {@link Chorus#create} from what is on the path) find each other through SRV records served by a
 * real dnsmasq, and follow the records when they change, with nobody restarted.
 */
class DnsClusterTest {
    private static final String SRV = "_chorus._udp.chorus.test";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Dnsmasq dns;
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(Cluster::close);
        if (dns != null) {
            dns.close();
        }
    }

    private Cluster node(String name, int port) {
        ClusterConfig config = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", port)
                .transport("udp+tcp").joinTimeout(DEADLINE)
                .option("discovery.dns.name", SRV)
                .option("discovery.dns.server", dns.server())
                .option("discovery.dns.timeout", "500ms")
                .option("discovery.dns.interval", "200ms")
                .build();
        Cluster c = Chorus.create(config);
        nodes.add(c);
        return c.start();
    }

    private static String srv(String target, int port) {
        return "srv-host=" + SRV + "," + target + "," + port + ",10,10";
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static long alive(Cluster c) {
        return c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }

    @Test
    void twoNodesMeetThroughSrvAndANewNodeJoinsThroughChangedRecords() throws IOException {
        dns = Dnsmasq.start(dir);
        int[] ports = Dnsmasq.freePorts(3);
        int p1 = ports[0];
        int p2 = ports[1];
        int p3 = ports[2];
        dns.serve("host-record=n1.chorus.test,127.0.0.1", "host-record=n2.chorus.test,127.0.0.1",
                srv("n1.chorus.test", p1), srv("n2.chorus.test", p2));
        Cluster n1 = node("n1", p1);
        Cluster n2 = node("n2", p2);

        assertEquals(1, n1.join(), "n1's only seed, n2, answers");
        assertEquals(1, n2.join(), "n2's only seed, n1, answers");
        await("n1 and n2 see each other ALIVE", () -> alive(n1) == 2 && alive(n2) == 2);

        // the records move: n1 is no longer listed; the new node n3 and n2 (under a new target name) are
        dns.serve("host-record=n3.chorus.test,127.0.0.1", "host-record=second.chorus.test,127.0.0.1",
                srv("n3.chorus.test", p3), srv("second.chorus.test", p2));
        Cluster n3 = node("n3", p3);

        assertEquals(1, n3.join(), "n3's only seed in the new records, n2, answers");
        await("all three see three ALIVE", () -> alive(n1) == 3 && alive(n2) == 3 && alive(n3) == 3);
    }

    @Test
    void aJoiningNodeFollowsRecordsThatChangeWhileItRetries() throws Exception {
        dns = Dnsmasq.start(dir);
        try (ServerSocket ghost = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // at first the records name a node that accepts connections and never speaks
            dns.serve("host-record=ghost.chorus.test,127.0.0.1", srv("ghost.chorus.test", ghost.getLocalPort()));
            int[] ports = Dnsmasq.freePorts(2);
            int p1 = ports[0];
            Cluster n1 = node("n1", p1);
            Cluster n2 = node("n2", ports[1]);
            CompletableFuture<Integer> joined = CompletableFuture.supplyAsync(n2::join);
            ghost.setSoTimeout((int) DEADLINE.toMillis());
            try (Socket tried = ghost.accept()) {
                assertFalse(joined.isDone(), "the ghost does not answer, so the join is still retrying");
            }

            dns.serve("host-record=n1.chorus.test,127.0.0.1", srv("n1.chorus.test", p1));

            assertEquals(1, joined.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), "a retry looked the name up again");
            await("n1 and n2 see each other ALIVE", () -> alive(n1) == 2 && alive(n2) == 2);
            assertTrue(n2.members().stream().noneMatch(m -> m.id().port() == ghost.getLocalPort()));
        }
    }
}
