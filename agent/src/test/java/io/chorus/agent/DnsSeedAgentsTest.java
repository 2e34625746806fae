package io.chorus.agent;

import io.chorus.testkit.Dnsmasq;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS discovery issue's done-when, with real agent processes: two agents find each other
 * through SRV records served by dnsmasq; after the records change, a newly started agent joins
 * through the new records, and nobody is restarted.
 */
class DnsSeedAgentsTest {
    private static final String SRV = "_chorus._udp.chorus.test";

    @TempDir
    Path dir;
    private Dnsmasq dns;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.killAll(agents);
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void twoAgentsMeetThroughSrvAndANewAgentJoinsThroughChangedRecords() throws IOException {
        dns = Dnsmasq.start(dir);
        int[] ports = AgentProcess.freePorts(3);
        dns.serve("host-record=a0.chorus.test,127.0.0.1", "host-record=a1.chorus.test,127.0.0.1",
                srv("a0.chorus.test", ports[0]), srv("a1.chorus.test", ports[1]));
        // the WAN profile's 60 s join timeout leaves each agent time to wait for the other's JVM
        AgentProcess a0 = start("a0", ports[0]);
        AgentProcess a1 = start("a1", ports[1]);
        MultiProcessClusterTest.await(a0, "joins through a1", l -> l.equals("joined through 1 seeds"));
        MultiProcessClusterTest.await(a1, "joins through a0", l -> l.equals("joined through 1 seeds"));
        MultiProcessClusterTest.await(a0, "sees a1", l -> l.startsWith("joined a1@127.0.0.1:" + ports[1] + " ALIVE"));
        MultiProcessClusterTest.await(a1, "sees a0", l -> l.startsWith("joined a0@127.0.0.1:" + ports[0] + " ALIVE"));

        // a0 leaves the records; the new agent a2 and a1 (under a new target name) are in them
        dns.serve("host-record=a2.chorus.test,127.0.0.1", "host-record=second.chorus.test,127.0.0.1",
                srv("a2.chorus.test", ports[2]), srv("second.chorus.test", ports[1]));
        AgentProcess a2 = start("a2", ports[2]);
        MultiProcessClusterTest.await(a2, "joins through a1, its only seed in the new records", l -> l.equals("joined through 1 seeds"));
        for (AgentProcess a : List.of(a0, a1)) {
            MultiProcessClusterTest.await(a, "sees a2", l -> l.startsWith("joined a2@127.0.0.1:" + ports[2] + " ALIVE"));
        }
        MultiProcessClusterTest.await(a2, "sees a0", l -> l.startsWith("joined a0@127.0.0.1:" + ports[0] + " ALIVE"));
    }

    private static String srv(String target, int port) {
        return "srv-host=" + SRV + "," + target + "," + port + ",10,10";
    }

    private AgentProcess start(String name, int port) throws IOException {
        List<String> args = List.of("--name", name, "--bind", "127.0.0.1:" + port, "--profile", "wan",
                "--seed-dns", SRV, "--dns-server", dns.server(), "--option", "discovery.dns.timeout=500ms");
        AgentProcess a = AgentProcess.start(name, List.of("-Xmx128m"), args);
        agents.add(a);
        return a;
    }
}
