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
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Options;
import io.chorus.api.Profile;
import io.chorus.api.Secret;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed clusters of in-process nodes on the real UDP and TCP transports, with the {@code hmac}
 * signer found by ServiceLoader on the module path, as a deployment finds it. Every wait is a
 * condition with a deadline.
 */
class SignedClusterTest {
    private static final long DEADLINE_S = 60;

    @TempDir
    Path dir;

    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private Secret secretFile(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        return Secret.fromFile(file);
    }

    private Cluster node(String name, int port, Optional<Secret> secret, Map<String, String> options) {
        ClusterConfig.Builder b = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", port)
                .joinTimeout(Duration.ofSeconds(2)).options(Options.of(options));
        secret.ifPresent(b::secret);
        ClusterConfig config = b.build();
        for (int attempt = 1; ; attempt++) {
            Cluster n = Chorus.create(config);
            nodes.add(n);
            try {
                return n.start();
            } catch (ChorusException e) {
                // the UDP port the system picked can be taken for TCP by another process on the machine
                if (port != 0 || attempt == 5 || !e.getMessage().contains("cannot bind")) {
                    throw e;
                }
            }
        }
    }

    private Cluster node(String name, Secret secret) {
        return node(name, 0, Optional.of(secret), Map.of());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE_S + " s waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static Set<String> alive(Cluster c) {
        return c.members().stream().filter(m -> m.state() == MemberState.ALIVE).map(m -> m.id().name())
                .collect(Collectors.toSet());
    }

    private static Set<String> names(Cluster c) {
        return c.members().stream().map(m -> m.id().name()).collect(Collectors.toSet());
    }

    /** @return three nodes with one secret, converged; each records every member its events name */
    private List<Cluster> threeConverged(Secret secret, ConcurrentLinkedQueue<String> seen) {
        List<Cluster> three = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Cluster n = node("n" + i, secret);
            n.subscribe(e -> named(e).ifPresent(seen::add));
            three.add(n);
        }
        Address seed = three.get(0).localId().address();
        three.get(1).join(List.of(seed));
        three.get(2).join(List.of(seed));
        for (Cluster n : three) {
            await(n.localId() + " sees n1, n2, n3 ALIVE", () -> alive(n).equals(Set.of("n1", "n2", "n3")));
        }
        return three;
    }

    private static Optional<String> named(ClusterEvent e) {
        Member m = null;
        if (e instanceof ClusterEvent.MemberJoined j) {
            m = j.member();
        } else if (e instanceof ClusterEvent.MemberUpdated u) {
            m = u.current();
        } else if (e instanceof ClusterEvent.MemberSuspected s) {
            m = s.member();
        } else if (e instanceof ClusterEvent.MemberFailed f) {
            m = f.member();
        } else if (e instanceof ClusterEvent.MemberLeft l) {
            m = l.member();
        } else if (e instanceof ClusterEvent.MemberRecovered r) {
            m = r.member();
        }
        return Optional.ofNullable(m).map(x -> x.id().name());
    }

    @Test
    void nodesWithAnotherSecretOrLabelCannotJoinAndAreListedByNobody() throws IOException {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Secret secret = secretFile("cluster.secret", "the cluster's shared secret");
        List<Cluster> three = threeConverged(secret, seen);
        Cluster seed = three.get(0);
        Address seedAddress = seed.localId().address();

        Cluster wrongSecret = node("intruder", 0, Optional.of(secretFile("other.secret", "somebody else's secret")), Map.of());
        JoinTimeoutException e = assertThrows(JoinTimeoutException.class, () -> wrongSecret.join(List.of(seedAddress)));
        assertTrue(e.getMessage().contains(seedAddress.toString()), e.getMessage());
        Cluster wrongLabel = node("stranger", 0, Optional.of(secret), Map.of("security.hmac.label", "another-cluster"));
        assertThrows(JoinTimeoutException.class, () -> wrongLabel.join(List.of(seedAddress)));

        await("the seed counts both nodes' packets as unknown keys", () -> seed.stats().rejectedUnknownKey() >= 2);
        ClusterStats s = seed.stats();
        assertEquals(s.rejected(), s.rejectedMissingTag() + s.rejectedBadTag() + s.rejectedUnknownKey() + s.rejectedReplay());
        assertEquals(0, s.rejectedBadTag() + s.rejectedReplay(), s.toString());
        for (Cluster n : three) {
            assertEquals(Set.of("n1", "n2", "n3"), names(n), n.localId() + " lists only the cluster");
        }
        assertEquals(Set.of("intruder"), names(wrongSecret), "the intruder sees nobody");
        assertEquals(Set.of("stranger"), names(wrongLabel), "the stranger sees nobody");
        assertTrue(seen.stream().noneMatch(n -> n.equals("intruder") || n.equals("stranger")), "events named " + seen);
        assertTrue(wrongSecret.stats().messagesIn() == 0 || wrongSecret.stats().rejected() == wrongSecret.stats().messagesIn(),
                "whatever reached the intruder was rejected: " + wrongSecret.stats());
    }

    @Test
    void unsignedTrafficToASignedClusterIsDroppedAndCountedAsAMissingTag() throws IOException {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        List<Cluster> three = threeConverged(secretFile("cluster.secret", "the cluster's shared secret"), seen);
        Cluster seed = three.get(0);
        long before = seed.stats().rejectedMissingTag();
        Cluster plain = node("plain", 0, Optional.empty(), Map.of());
        assertTrue(plain.keyring().isEmpty(), "a node without a secret has no keyring");
        assertThrows(JoinTimeoutException.class, () -> plain.join(List.of(seed.localId().address())));
        await("the seed counts the unsigned packets", () -> seed.stats().rejectedMissingTag() > before);
        for (Cluster n : three) {
            assertEquals(Set.of("n1", "n2", "n3"), names(n));
        }
        assertTrue(seen.stream().noneMatch("plain"::equals), "events named " + seen);
        assertEquals(Set.of("plain"), names(plain));
    }

    @Test
    void aRotationAcrossFiveRunningNodesLosesNobodyAndAStoppedNodeRejoins() throws IOException {
        Secret oldSecret = secretFile("old.secret", "the secret we started with");
        Secret newSecret = secretFile("new.secret", "the secret we rotate to, 2026");
        List<Cluster> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(node("n" + i, oldSecret));
        }
        Address seed = five.get(0).localId().address();
        for (Cluster n : five.subList(1, 5)) {
            n.join(List.of(seed));
        }
        Set<String> all = Set.of("n1", "n2", "n3", "n4", "n5");
        for (Cluster n : five) {
            await(n.localId() + " sees five ALIVE", () -> alive(n).equals(all));
        }
        String oldId = keyring(five.get(0)).keys().get(0).id();
        List<Cluster> running = five.subList(0, 4);
        Set<String> four = Set.of("n1", "n2", "n3", "n4");
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        for (Cluster n : running) {
            n.subscribe(e -> {
                if (e instanceof ClusterEvent.MemberFailed f && four.contains(f.member().id().name())) {
                    failed.add(n.localId().name() + " declared " + f.member().id().name() + " dead");
                }
            });
        }

        // 1. install the new key everywhere: every node now accepts both
        String newId = null;
        for (Cluster n : five) {
            KeyInfo k = keyring(n).install(newSecret);
            assertTrue(newId == null || newId.equals(k.id()), "one secret, one id on every node");
            newId = k.id();
        }
        // 2. n5 stops, holding the old key as primary and the new one as accepted
        Cluster n5 = five.get(4);
        int n5Port = n5.localId().address().port();
        n5.close();
        // 3. promote the new key on the running nodes; 4. once they all sign with it, remove the old one
        for (Cluster n : running) {
            keyring(n).promote(newId);
        }
        long[] inAfterPromotion = running.stream().mapToLong(n -> n.stats().messagesIn()).toArray();
        for (int i = 0; i < running.size(); i++) {
            Cluster n = running.get(i);
            long floor = inAfterPromotion[i] + 20;
            await(n.localId() + " has received 20 more messages, all signed with the new key",
                    () -> n.stats().messagesIn() >= floor);
        }
        for (Cluster n : running) {
            keyring(n).remove(oldId);
            assertEquals(List.of(new KeyInfo(newId, true)), keyring(n).keys());
        }
        for (Cluster n : running) {
            Set<String> expected = four;
            await(n.localId() + " sees n1..n4 ALIVE after the rotation", () -> alive(n).containsAll(expected));
            ClusterStats s = n.stats();
            assertEquals(0, s.rejectedUnknownKey() + s.rejectedBadTag() + s.rejectedMissingTag() + s.rejectedReplay(),
                    n.localId() + " rejected nothing during the rotation: " + s);
        }
        assertEquals(List.of(), List.copyOf(failed), "nobody running was lost");

        // 5. n5 comes back on its port with the secret file it now holds: the new key, which the cluster accepts
        Cluster back = node("n5", n5Port, Optional.of(newSecret), Map.of());
        back.join(List.of(seed));
        for (Cluster n : List.of(five.get(0), five.get(1), five.get(2), five.get(3), back)) {
            await(n.localId() + " sees five ALIVE again", () -> alive(n).equals(all));
        }
        assertEquals(List.of(new KeyInfo(newId, true)), keyring(back).keys());
    }

    @Test
    void aCapturedFrameReplayedIsRejected() throws Exception {
        Secret secret = secretFile("cluster.secret", "the cluster's shared secret");
        Cluster a = node("a", secret);
        Cluster b = node("b", secret);
        // a tap that poses as a seed: a's join frame, signed, goes to it and is kept
        byte[] captured;
        try (ServerSocket tap = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tap.setSoTimeout((int) TimeUnit.SECONDS.toMillis(DEADLINE_S));
            Address tapAddress = new Address("127.0.0.1", tap.getLocalPort());
            Thread joiner = new Thread(() -> {
                try {
                    a.join(List.of(tapAddress));
                } catch (JoinTimeoutException expected) {
                    // the tap never answers
                }
            });
            joiner.start();
            try (Socket s = tap.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                int length = in.readInt();
                byte kind = in.readByte();
                byte[] message = new byte[length];
                in.readFully(message);
                captured = ByteBuffer.allocate(5 + length).putInt(length).put(kind).put(message).array();
            }
            joiner.join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
        }
        long before = b.stats().rejectedReplay();
        Address target = b.localId().address();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), target.port())) {
            OutputStream out = s.getOutputStream();
            out.write(captured);
            out.write(captured);
            out.flush();
            await("b rejects the second copy as a replay", () -> b.stats().rejectedReplay() > before);
        }
        assertEquals(before + 1, b.stats().rejectedReplay(), "the first copy was fresh to b, the second a replay");
    }

    private static Keyring keyring(Cluster c) {
        return c.keyring().orElseThrow(() -> new AssertionError(c.localId() + " has no keyring"));
    }
}
