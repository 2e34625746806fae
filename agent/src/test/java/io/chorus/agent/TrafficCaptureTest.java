package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an observer on the network path sees: {@code tcpdump -i lo} records the traffic between two
 * agents (their cluster ports only, UDP and TCP, not their HTTP) while they join, converge and pass
 * a user event. Started with {@code --encrypt}, the capture holds neither their tag values nor the
 * event's payload; started without it (signed only), it holds both. Where tcpdump is missing or may
 * not capture (not root, no CAP_NET_RAW), the test is reported skipped with the reason.
 */
class TrafficCaptureTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private final List<AgentProcess> agents = new ArrayList<>();
    private Process tcpdump;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (tcpdump != null) {
            tcpdump.destroyForcibly();
        }
        AgentProcess.killAll(agents);
    }

    /** Starts tcpdump writing the capture to its standard output, which is read here (no file for it to be allowed to write). */
    private Capture startCapture(int[] ports) throws IOException {
        List<String> cmd = List.of("tcpdump", "-i", "lo", "--immediate-mode", "-U", "-s", "0", "-n", "-w", "-",
                "port " + ports[0] + " or port " + ports[1]);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            Assumptions.abort("tcpdump cannot run here (" + e.getMessage() + "): install it (.ci/run does) to see what the "
                    + "wire carries");
            throw e;
        }
        tcpdump = p;
        List<String> err = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    err.add(l);
                }
            } catch (IOException e) {
                err.add(e.toString());
            }
        }, "tcpdump-stderr");
        reader.setDaemon(true);
        reader.start();
        java.io.ByteArrayOutputStream pcap = new java.io.ByteArrayOutputStream();
        Thread sink = new Thread(() -> {
            try {
                p.getInputStream().transferTo(pcap);
            } catch (IOException e) {
                err.add(e.toString());
            }
        }, "tcpdump-stdout");
        sink.setDaemon(true);
        sink.start();
        Await.until("tcpdump listens on lo, or exits", DEADLINE,
                () -> !p.isAlive() || err.stream().anyMatch(l -> l.contains("listening on")));
        if (!p.isAlive()) {
            Assumptions.abort("tcpdump -i lo cannot capture here (exit " + p.exitValue() + ": " + String.join(" ", err)
                    + "); it needs root or CAP_NET_RAW");
        }
        return new Capture(p, sink, pcap);
    }

    private record Capture(Process process, Thread sink, java.io.ByteArrayOutputStream pcap) {
        /** @return how many packets tcpdump has written so far */
        int packetsSoFar() {
            return packets(pcap.toByteArray());
        }

        /** Stops tcpdump (SIGTERM: it writes what it holds) and returns the capture, in pcap format. */
        byte[] stop() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "tcpdump stops on SIGTERM");
            sink.join(TimeUnit.SECONDS.toMillis(30));
            return pcap.toByteArray();
        }
    }

    /** @return how many packets a pcap file holds (either byte order, any link type) */
    static int packets(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        b.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int n = 0;
        for (int at = 24; at + 16 <= pcap.length; n++) {
            at += 16 + b.getInt(at + 8);
        }
        return n;
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Two agents on loopback, their traffic captured from start to a delivered user event: the capture's bytes. */
    private byte[] capture(Path dir, boolean encrypt, String tagValue, String payload) throws Exception {
        Path secret = dir.resolve("secret-" + encrypt);
        Files.writeString(secret, KeygenCommand.generate(new SecureRandom()) + "\n");
        int[] ports = AgentProcess.freePorts(2);
        Capture capture = startCapture(ports);
        List<String> http = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> args = new ArrayList<>(List.of("--name", "c" + i, "--bind", "127.0.0.1:" + ports[i], "--profile",
                    "local", "--http", "127.0.0.1:0", "--secret-file", secret.toString(), "--tag", "secret-zone=" + tagValue + i));
            if (encrypt) {
                args.add("--encrypt");
            }
            if (i > 0) {
                args.addAll(List.of("--seed", "127.0.0.1:" + ports[0]));
            }
            AgentProcess a = AgentProcess.start("c" + i, List.of("-Xmx96m"), args);
            agents.add(a);
            http.add(Await.value("c" + i + " serves HTTP", DEADLINE, () -> a.line("http on ")));
        }
        for (AgentProcess a : agents) {
            Await.until(a.name + " sees the other's tags", DEADLINE,
                    () -> a.lines.stream().anyMatch(l -> l.startsWith("joined ") && l.contains(tagValue)));
        }
        assertEquals(encrypt ? "sealed" : "signed", Json.MAPPER.readTree(AgentClient.get(http.get(0), "/health"))
                .path("traffic").asString());
        AgentClient.call("POST", http.get(0), "/events/deploy", payload.getBytes(StandardCharsets.UTF_8));
        Await.until("c1 delivers the user event", DEADLINE,
                () -> agents.get(1).lines.stream().anyMatch(l -> l.startsWith("user deploy from c0@")));
        // the event's packet went out before c1 delivered it: once four packets more are written, it is in the capture
        int atDelivery = capture.packetsSoFar();
        Await.until("tcpdump writes packets sent after the event", DEADLINE, () -> capture.packetsSoFar() >= atDelivery + 4);
        byte[] pcap = capture.stop();
        AgentProcess.killAll(agents);
        agents.clear();
        return pcap;
    }

    @Test
    void sealedTrafficShowsNoTagsOrPayloadsWhereSignedTrafficShowsBoth(@TempDir Path dir) throws Exception {
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        String tag = "tag-value-" + run + "-";
        String payload = "user-event-payload-" + run;

        byte[] signed = capture(dir, false, tag, payload);
        byte[] sealed = capture(dir, true, tag, payload);
        System.out.printf("capture of two agents on lo: signed %d packets, %d bytes; sealed (--encrypt) %d packets, %d bytes%n",
                packets(signed), signed.length, packets(sealed), sealed.length);

        assertTrue(packets(signed) >= 10, "the signed capture holds the agents' traffic");
        assertTrue(contains(signed, tag + "0") && contains(signed, tag + "1"), "without --encrypt, the tag values show");
        assertTrue(contains(signed, payload), "without --encrypt, the user event's payload shows");

        assertTrue(packets(sealed) >= 10, "the sealed capture holds the agents' traffic");
        assertFalse(contains(sealed, tag), "with --encrypt, no tag value shows");
        assertFalse(contains(sealed, payload), "with --encrypt, the payload does not show");
        assertFalse(contains(sealed, "secret-zone"), "nor the tag's key");
        assertFalse(contains(sealed, "c0@127.0.0.1") || contains(sealed, "deploy"), "nor the node ids or the event's topic");
    }
}
