package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misspelt option key stops {@code chorus agent} with exit code 2 before anything starts, naming
 * the key, the nearest declared key and the module that declares its prefix: from {@code --option},
 * from the JSON config's {@code option} object, in-process and as a process of its own.
 */
class UnknownOptionTest {
    private static final String RING = "chorus agent: invalid config: ring.inclde-suspect = true: unknown option; did you "
            + "mean ring.include-suspect? (the options under ring are declared by module io.chorus.core; docs/options.md "
            + "lists every option)";

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        String nl = System.lineSeparator();
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace(nl, "\n"),
                err.toString(StandardCharsets.UTF_8).replace(nl, "\n"));
    }

    @Test
    void aMisspeltOptionFlagExits2NamingTheNearestKeyAndTheModule() {
        Run r = run("agent", "--name", "a", "--bind", "127.0.0.1:1", "--option", "ring.inclde-suspect=true");
        assertEquals(2, r.code(), r.err());
        assertEquals(RING + "\n", r.err());
        assertEquals("", r.out(), "nothing started");
    }

    @Test
    void aMisspeltKeyOfTheConfigFilesOptionObjectExits2(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("agent.json"),
                "{\"name\": \"a\", \"bind\": \"127.0.0.1:1\", \"option\": {\"transport.udp.packet-budgt\": 1400}}");
        Run r = run("agent", "--config", config.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("chorus agent: invalid config: transport.udp.packet-budgt = 1400: unknown option; did you mean "
                + "transport.udp.packet-budget? (the options under transport.udp are declared by module "
                + "io.chorus.transport.udp; docs/options.md lists every option)\n", r.err());
    }

    @Test
    void aKeyNoModuleDeclaresExits2ListingTheModules() {
        Run r = run("agent", "--name", "a", "--bind", "127.0.0.1:1", "--option", "gossip.fanout=4");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("chorus agent: invalid config: gossip.fanout = 4: unknown option: no module present "
                + "declares options under gossip; the modules present declare module io.chorus.core (compression, "
                + "failure-detector.heartbeat, failure-detector.phi-accrual, messaging, ring), module "
                + "io.chorus.discovery.dns (discovery.dns), module io.chorus.hashing (hashing.maglev, hashing.vnode), "
                + "module io.chorus.security.hmac (security.hmac), module io.chorus.transport.tcp (transport.tcp), module "
                + "io.chorus.transport.udp (transport.udp)"), r.err());
    }

    @Test
    void aBadValueOfAProviderOptionExits2BeforeTheNodeStarts() {
        Run r = run("agent", "--name", "a", "--bind", "127.0.0.1:1", "--option", "transport.tcp.idle-timeout=5ms");
        assertEquals(2, r.code(), r.err());
        assertEquals("chorus agent: invalid config: transport.tcp.idle-timeout = 5ms: a duration from 1s to 1h\n", r.err());
    }

    @Test
    void anAgentProcessWithAMisspeltOptionExits2() throws Exception {
        int port = AgentProcess.freePorts(1)[0];
        AgentProcess agent = AgentProcess.start("a", List.of(),
                List.of("--name", "a", "--bind", "127.0.0.1:" + port, "--option", "ring.inclde-suspect=true"));
        assertTrue(agent.process.waitFor(60, TimeUnit.SECONDS), "the agent did not exit");
        assertEquals(2, agent.process.exitValue(), agent.tail(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (agent.line(RING).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(agent.line(RING).isPresent(), agent.tail(20));
    }
}
