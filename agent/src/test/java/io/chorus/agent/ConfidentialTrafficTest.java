package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.Chorus;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.ClusterStats;
import io.chorus.api.Encryption;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.KeyringException;
import io.chorus.api.MemberState;
import io.chorus.api.Message;
import io.chorus.api.Profile;
import io.chorus.api.ProviderChoice;
import io.chorus.api.ProviderException;
import io.chorus.api.Secret;
import io.chorus.testkit.Await;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sealed traffic and cluster labels on in-process nodes over the real transports, with the signers
 * found by ServiceLoader on the module path as a deployment finds them: a sealed cluster converges
 * and carries requests; two labels on one network never merge; and every kind of bad input (each
 * byte of a sealed packet flipped, a truncated tag, a replay, a wrong key, a wrong label, signed
 * traffic to a node that takes only sealed, sealed traffic to nodes that cannot open it) is
 * refused and counted by cause, with no change to the membership. Every wait has a deadline.
 */
class ConfidentialTrafficTest {
    private static final Secret SECRET = Secret.ofText("the cluster's shared secret, for sealing");
    private static final Secret OTHER = Secret.ofText("another cluster's secret, not this one");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private static ClusterConfig.Builder config(String name) {
        return ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0).joinTimeout(Duration.ofSeconds(2));
    }

    private Cluster start(ClusterConfig.Builder b) {
        for (int attempt = 1; ; attempt++) {
            Cluster n = Chorus.create(b.build());
            nodes.add(n);
            try {
                return n.start();
            } catch (ChorusException e) {
                // the UDP port the system picked can be taken for TCP by another process on the machine
                if (attempt == 5 || !e.getMessage().contains("cannot bind")) {
                    throw e;
                }
            }
        }
    }

    private static Set<String> alive(Cluster c) {
        return c.members().stream().filter(m -> m.state() == MemberState.ALIVE).map(m -> m.id().name())
                .collect(Collectors.toSet());
    }

    @Test
    void aSealedClusterConvergesCarriesRequestsAndNamesItsSigner() throws Exception {
        List<Cluster> three = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            three.add(start(config("s" + i).secret(SECRET).label("payments").encryption(Encryption.ON)));
        }
        Address seed = three.get(0).localId().address();
        three.get(1).join(List.of(seed));
        three.get(2).join(List.of(seed));
        for (Cluster c : three) {
            Await.until(c.localId() + " sees three ALIVE", DEADLINE, () -> alive(c).size() == 3);
            assertEquals(Encryption.ON, c.encryption());
        }
        ProviderChoice signer = three.get(0).providers().stream().filter(p -> p.kind() == ProviderChoice.Kind.MESSAGE_SIGNER)
                .findFirst().orElseThrow();
        assertEquals("aes-gcm", signer.id(), signer::toString);
        three.get(2).handle("echo", m -> ("echo " + new String(m.payload(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Message reply = three.get(0).request(three.get(2).localId(), "echo", "hi".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        assertEquals("echo hi", new String(reply.payload(), StandardCharsets.UTF_8));
        for (Cluster c : three) {
            assertEquals(0, c.stats().rejected(), () -> c.localId() + ": " + c.stats());
        }
    }

    @Test
    void theModeSwitchesOnARunningNodeAndANodeThatCannotSealSaysWhy() {
        Cluster sealing = start(config("m1").secret(SECRET));
        assertEquals(Encryption.OFF, sealing.encryption());
        sealing.encryption(Encryption.ACCEPT);
        assertEquals(Encryption.ACCEPT, sealing.encryption());
        Cluster signing = start(config("m2").secret(SECRET).signer("hmac"));
        KeyringException e = assertThrows(KeyringException.class, () -> signing.encryption(Encryption.ACCEPT));
        assertTrue(e.getMessage().contains("io.chorus:chorus-security-aes"), e.getMessage());
        Cluster plain = start(config("m3"));
        assertThrows(KeyringException.class, () -> plain.encryption(Encryption.ON));
        ProviderException refused = assertThrows(ProviderException.class,
                () -> start(config("m4").secret(SECRET).signer("hmac").encryption(Encryption.ON)));
        assertTrue(refused.getMessage().contains("its signer hmac only signs: add io.chorus:chorus-security-aes"),
                refused.getMessage());
    }

    @Test
    void twoClustersWithDifferentLabelsOnOneNetworkNeverMerge() {
        Cluster green = start(config("g1").label("green"));
        Cluster blue = start(config("b1").label("blue"));
        Cluster none = start(config("n1"));
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        green.subscribe(ev -> {
            if (ev instanceof ClusterEvent.MemberJoined j) {
                seen.add(j.member().id().name());
            }
        });
        Address seed = green.localId().address();
        assertThrows(JoinTimeoutException.class, () -> blue.join(List.of(seed)), "another label");
        assertThrows(JoinTimeoutException.class, () -> none.join(List.of(seed)), "no label");
        assertTrue(green.stats().rejectedLabel() > 0, () -> green.stats().toString());
        assertEquals(green.stats().rejected(), green.stats().rejectedLabel(), "every rejection was for the label");
        assertEquals(Set.of("n1"), alive(none));
        assertEquals(Set.of("g1"), alive(green));
        assertEquals(List.of(), List.copyOf(seen), "green never heard of another cluster's node");
        Cluster green2 = start(config("g2").label("green"));
        green2.join(List.of(seed));
        Await.until("the same label joins", DEADLINE, () -> alive(green).equals(Set.of("g1", "g2")));
    }

    /** Catches the datagrams a node sends to a seed that never answers: genuine sealed (or signed) packets to replay and mutate. */
    private byte[] capture(ClusterConfig.Builder sender) throws IOException {
        Cluster a = start(sender.transport("udp"));
        try (DatagramSocket tap = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            tap.setSoTimeout((int) DEADLINE.toMillis());
            Address tapAddress = new Address("127.0.0.1", tap.getLocalPort());
            Thread joiner = new Thread(() -> {
                try {
                    a.join(List.of(tapAddress));
                } catch (JoinTimeoutException expected) {
                    // the tap never answers
                }
            });
            joiner.setDaemon(true);
            joiner.start();
            DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            tap.receive(p);
            a.close();
            return Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    private static void send(DatagramSocket out, Cluster to, byte[] b) throws IOException {
        Address at = to.localId().address();
        out.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), at.port()));
    }

    @Test
    void everyKindOfBadInputIsRefusedAndCountedByCauseWithNoChangeToTheMembership() throws IOException {
        String label = "payments";
        byte[] sealed = capture(config("a").secret(SECRET).label(label).encryption(Encryption.ON));
        byte[] wrongKey = capture(config("k").secret(OTHER).label(label).encryption(Encryption.ON));
        byte[] wrongLabel = capture(config("l").secret(SECRET).label("orders").encryption(Encryption.ON));
        byte[] signed = capture(config("s").secret(SECRET).label(label));
        int prefix = 3 + label.length();
        assertEquals("CS", new String(sealed, prefix, 2, StandardCharsets.US_ASCII), "a sealed packet after the label");
        assertEquals("Ch", new String(signed, prefix, 2, StandardCharsets.US_ASCII), "a signed packet after the label");

        Cluster b = start(config("b").secret(SECRET).label(label).encryption(Encryption.ON).transport("udp"));
        try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long sent = 0;
            for (int i = 0; i < sealed.length; i++) {
                byte[] flipped = sealed.clone();
                flipped[i] ^= (byte) (1 << (i % 8));
                send(out, b, flipped);
                sent++;
            }
            for (int cut = 1; cut <= 16; cut++) {
                send(out, b, Arrays.copyOf(sealed, sealed.length - cut));
                sent++;
            }
            send(out, b, wrongKey);
            send(out, b, wrongLabel);
            send(out, b, signed);
            sent += 3;
            long total = sent;
            Await.until("b refuses all " + total + " bad packets", DEADLINE, () -> b.stats().rejected() == total);
            ClusterStats s = b.stats();
            assertEquals(prefix + 1, s.rejectedLabel(), "each byte of the label flipped, and another label");
            assertEquals(2 + 1, s.rejectedUnsealed(), "the sealed mark flipped (then it is not sealed), and a signed packet");
            assertEquals(4 + 1, s.rejectedUnknownKey(), "each byte of the key id flipped, and another secret");
            assertEquals(sealed.length - prefix - 2 - 4 + 16, s.rejectedBadTag(), "every other byte flipped, and the tag cut");
            assertEquals(0, s.rejectedReplay() + s.rejectedSealed() + s.rejectedMissingTag() + s.dropped());
            assertEquals(Set.of("b"), b.members().stream().map(m -> m.id().name()).collect(Collectors.toSet()),
                    "no bad packet changed b's view");

            send(out, b, sealed);
            Await.until("b takes the genuine packet: a joins its view", DEADLINE,
                    () -> b.members().stream().anyMatch(m -> m.id().name().equals("a")));
            send(out, b, sealed);
            Await.until("b refuses the same packet again as a replay", DEADLINE, () -> b.stats().rejectedReplay() == 1);

            Cluster hmacOnly = start(config("h").secret(SECRET).label(label).signer("hmac").transport("udp"));
            Cluster noSecret = start(config("p").label(label).transport("udp"));
            Cluster notYet = start(config("o").secret(SECRET).label(label).transport("udp"));
            for (Cluster c : List.of(hmacOnly, noSecret, notYet)) {
                send(out, c, sealed);
                Await.until(c.localId().name() + " refuses a sealed packet it cannot or will not open", DEADLINE,
                        () -> c.stats().rejectedSealed() == 1);
                assertEquals(1, c.stats().rejected());
                assertEquals(1, c.members().size(), "nothing changed");
            }
        }
    }
}
