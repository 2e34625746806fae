package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Message;
import io.chorus.api.MemberState;
import io.chorus.api.MessagingException;
import io.chorus.api.NodeId;
import io.chorus.api.Profile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A request to a member whose process is killed while it runs fails at once, not at its timeout. */
class MessagingProcessTest {

    @Test
    void aRequestToAMemberKilledMidFlightFailsFast() throws Exception {
        Duration timeout = Duration.ofSeconds(120);
        try (Cluster client = Chorus.create(ClusterConfig.builder("client").profile(Profile.LOCAL).bind("127.0.0.1", 0).build())) {
            client.start();
            Process responder = startResponder("responder", client.localId().address().toString());
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // the process died
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                NodeId id = NodeId.parse(awaitLine(lines, "READY ", responder).substring("READY ".length()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (client.member(id).map(m -> m.state() != MemberState.ALIVE).orElse(true)) {
                    assertTrue(System.nanoTime() < deadline, "the client never saw the responder ALIVE");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                CompletableFuture<Message> f = client.request(id, "hold", new byte[] {1}, timeout);
                awaitLine(lines, "ENTERED", responder);
                long killed = System.nanoTime();
                responder.destroyForcibly();
                MessagingException e;
                try {
                    f.get(timeout.toSeconds() + 30, TimeUnit.SECONDS);
                    throw new AssertionError("the request succeeded");
                } catch (ExecutionException ex) {
                    e = (MessagingException) ex.getCause();
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                System.out.println("a request to a killed member failed " + ms + " ms after the kill (timeout "
                        + timeout.toMillis() + " ms): " + e.getMessage());
                assertEquals(MessagingException.Reason.MEMBER_UNAVAILABLE, e.reason(), "failed at once, not by timing out");
                assertEquals(id, e.member().orElseThrow());
            } finally {
                responder.destroyForcibly();
            }
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, Process p) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null) {
                if (l.startsWith(prefix)) {
                    return l;
                }
                seen.add(l);
            }
        }
        throw new AssertionError("the responder never printed " + prefix + " (alive " + p.isAlive() + "); it printed:\n"
                + String.join("\n", seen));
    }

    /** The responder runs in the agent module, patched with the test classes, on this JVM's module path. */
    private static Process startResponder(String name, String seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        Path testClasses = Path.of(MessagingResponder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = List.of(java, "-Xmx128m", "-p", modulePath, "--patch-module", "io.chorus.agent=" + testClasses,
                "-m", "io.chorus.agent/" + MessagingResponder.class.getName(), name, seed);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
