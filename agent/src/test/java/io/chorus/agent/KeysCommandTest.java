package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.KeyInfo;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus keys} against a running signed node's HTTP endpoint: a rotation with no restart. */
class KeysCommandTest {
    private final List<Cluster> nodes = new ArrayList<>();
    private final List<AgentHttp> servers = new ArrayList<>();

    private record Run(int code, String out, String err) {
    }

    @AfterEach
    void closeAll() {
        servers.forEach(AgentHttp::close);
        nodes.forEach(Cluster::close);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Cluster node(String name, Secret secret) {
        ClusterConfig.Builder b = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0);
        if (secret != null) {
            b.secret(secret);
        }
        Cluster c = Chorus.create(b.build()).start();
        nodes.add(c);
        return c;
    }

    private String http(Cluster c) {
        AgentHttp h = AgentHttp.start(c, new AgentArgs.HttpAddress("127.0.0.1", 0));
        servers.add(h);
        return "127.0.0.1:" + h.port();
    }

    private static void awaitBothAlive(Cluster a, Cluster b) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(a.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == 2
                && b.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == 2)) {
            assertTrue(System.nanoTime() < deadline, "the two nodes never saw each other ALIVE");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void aRotationThroughTheAgentLosesNobody(@TempDir Path dir) throws IOException {
        Secret old = Secret.ofText("the old cluster secret, 32 bytes");
        Cluster a = node("k0", old);
        Cluster b = node("k1", old);
        b.join(List.of(a.localId().address()));
        awaitBothAlive(a, b);
        String http = http(a);
        String oldId = a.keyring().orElseThrow().keys().get(0).id();

        Run list = run("keys", "--http", http);
        assertEquals(0, list.code(), list.err());
        assertEquals(oldId + "  primary\n", list.out());

        Path file = dir.resolve("new-secret");
        Files.writeString(file, "the new cluster secret, rotated in\n");
        Run install = run("keys", "--http", http, "install", "--secret-file", file.toString());
        assertEquals(0, install.code(), install.err());
        String newId = install.out().substring("installed ".length(), "installed ".length() + 8);
        KeyInfo onB = b.keyring().orElseThrow().install(Secret.fromFile(file));
        assertEquals(newId, onB.id(), "the same secret gives the same key id everywhere");

        assertEquals(0, run("keys", "--http", http, "promote", newId).code());
        b.keyring().orElseThrow().promote(newId);
        Run removed = run("keys", "--http", http, "remove", oldId);
        assertEquals(0, removed.code(), removed.err());
        assertEquals(newId + "  primary\n", removed.out());
        b.keyring().orElseThrow().remove(oldId);

        awaitBothAlive(a, b);
        assertEquals(0, a.stats().rejected(), "nothing was rejected during the rotation: " + a.stats());

        Run unknown = run("keys", "--http", http, "remove", "00000000");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("chorus keys: the agent refused (HTTP 409): "), unknown.err());
        Run primary = run("keys", "--http", http, "remove", newId);
        assertEquals(1, primary.code());
        assertTrue(primary.err().contains("HTTP 409"), primary.err());
    }

    @Test
    void badUseIsNamedAndAnUnsignedNodeHasNoKeyring(@TempDir Path dir) throws IOException {
        String http = http(node("plain", null));
        Run r = run("keys", "--http", http);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("HTTP 404") && r.err().contains("--secret-file"), r.err());
        assertEquals(2, run("keys", "--http", http, "promote").code());
        assertEquals(2, run("keys", "--http", http, "install").code());
        assertEquals(2, run("keys").code());
        Path tiny = dir.resolve("tiny");
        Files.writeString(tiny, "short");
        Run shortSecret = run("keys", "--http", http, "install", "--secret-file", tiny.toString());
        assertEquals(2, shortSecret.code());
        assertTrue(shortSecret.err().startsWith("chorus keys: invalid --secret-file '" + tiny + "': "), shortSecret.err());
        assertTrue(!shortSecret.err().contains("short\n"));
    }
}
