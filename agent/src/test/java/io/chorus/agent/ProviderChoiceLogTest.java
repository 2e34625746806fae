package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.agent.log.AgentLogging;
import io.chorus.agent.log.LogLevel;
import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Profile;
import io.chorus.api.ProviderChoice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With every module on the module path, a node says in one INFO line at start which provider it uses for each kind, and why. */
class ProviderChoiceLogTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        AgentLogging.setLevel(LogLevel.INFO);
        AgentLogging.setSink(System.err);
    }

    @Test
    void oneInfoLineNamesEachProviderAndWhyItWon() {
        AgentLogging.setSink(new PrintStream(log, true, StandardCharsets.UTF_8));
        AgentLogging.setLevel(LogLevel.INFO);
        ClusterConfig config = ClusterConfig.builder("p1").profile(Profile.LOCAL).bind("127.0.0.1", 0)
                .failureDetector("phi-accrual").build();
        try (Cluster node = Chorus.create(config).start()) {
            List<String> lines = log.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("chorus node p1 providers: ")).collect(Collectors.toList());
            assertEquals(1, lines.size(), log::toString);
            String line = lines.get(0);
            assertTrue(line.matches("\\S+Z INFO  ChorusNode: chorus node p1 providers: .*"), line);
            String expected = node.providers().stream().map(ProviderChoice::toString).collect(Collectors.joining("; "));
            assertTrue(line.endsWith("providers: " + expected), line);
            assertEquals("engine core (io.chorus.core.CoreEngineProvider, module io.chorus.core): the only one found; "
                    + "transport udp (io.chorus.transport.udp.UdpTransportProvider, module io.chorus.transport.udp): "
                    + "highest priority 20 among udp 20, tcp 10; "
                    + "frames tcp (io.chorus.transport.tcp.TcpTransportProvider, module io.chorus.transport.tcp): "
                    + "next by priority after udp, which carries no frames; "
                    + "discovery dns (io.chorus.discovery.dns.DnsDiscoveryProvider, module io.chorus.discovery.dns): "
                    + "every one found; "
                    + "discovery static (io.chorus.discovery.fixed.StaticDiscoveryProvider, module io.chorus.discovery.fixed): "
                    + "every one found; "
                    + "failure detector phi-accrual (io.chorus.core.fd.PhiAccrualFailureDetectorProvider, module io.chorus.core): "
                    + "named in the config (failureDetector = phi-accrual); "
                    + "hash function xxhash64 (io.chorus.hashing.XxHash64Provider, module io.chorus.hashing): "
                    + "highest priority 30 among xxhash64 30, murmur3 20, md5 10; "
                    + "ring strategy vnode (io.chorus.hashing.VnodeRingProvider, module io.chorus.hashing): "
                    + "highest priority 30 among vnode 30, maglev 20, rendezvous 10", expected);
        }
    }
}
