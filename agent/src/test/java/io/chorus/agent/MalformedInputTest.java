package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chorus.api.Address;
import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two in-process nodes on the real UDP and TCP transports (found by ServiceLoader on the module
 * path) are fed garbage, truncated and oversized input over both. They keep running, keep their
 * membership, and count every drop.
 */
class MalformedInputTest {
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private Cluster node(String name) {
        ClusterConfig c = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0).build();
        Cluster n = Chorus.create(c).start();
        nodes.add(n);
        return n;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static boolean allAlive(Cluster c, int n) {
        return c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == n;
    }

    @Test
    void garbageOverBothTransportsIsCountedAndHarmless() throws IOException {
        Cluster a = node("a");
        Cluster b = node("b");
        b.join(List.of(a.localId().address()));
        await("both see 2 ALIVE", () -> allAlive(a, 2) && allAlive(b, 2));
        Address target = a.localId().address();
        InetAddress host = InetAddress.getByName(target.host());
        long before = refused(a);
        Random rnd = new Random(42);
        int datagrams = 200;
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < datagrams; i++) {
                int len = i % 10 == 0 ? 2000 : i % 10 == 1 ? 0 : 1 + rnd.nextInt(1400);
                byte[] junk = new byte[len];
                rnd.nextBytes(junk);
                if (len > 2 && i % 3 == 0) {
                    junk[0] = 'C'; // the right magic, then garbage: the codec's checks, not the magic, reject it
                    junk[1] = 'h';
                    junk[2] = 1;
                }
                udp.send(new DatagramPacket(junk, len, host, target.port()));
            }
        }
        int frames = 0;
        for (int i = 0; i < 5; i++) {
            // a well-framed message whose payload is garbage: the transport delivers it, the codec drops it
            byte[] junk = new byte[64];
            rnd.nextBytes(junk);
            send(host, target.port(), ByteBuffer.allocate(5 + junk.length).putInt(junk.length).put((byte) 1).put(junk).array());
            frames++;
        }
        // a length far past the frame limit, and a truncated message: each closes its connection
        send(host, target.port(), ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 1).array());
        send(host, target.port(), ByteBuffer.allocate(7).putInt(100).put((byte) 1).put((byte) 7).put((byte) 7).array());
        long expected = before + datagrams + frames + 2;
        await("a counts every drop (" + expected + ")", () -> refused(a) >= expected);
        assertEquals(expected, refused(a));
        // nothing in the membership was lost, and the cluster still works
        assertEquals(2, a.members().stream().filter(m -> m.state() == MemberState.ALIVE).count());
        b.updateTag("after", "garbage");
        await("a sees b's new tag", () -> a.member(b.localId()).map(m -> m.hasTag("after", "garbage")).orElse(false));
    }

    /** @return inputs dropped as malformed, plus those rejected for a signature flag this node cannot check */
    private static long refused(Cluster c) {
        return c.stats().dropped() + c.stats().rejected();
    }

    private static void send(InetAddress host, int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket(host, port)) {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }
}
