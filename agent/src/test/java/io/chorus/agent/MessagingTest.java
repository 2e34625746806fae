package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Message;
import io.chorus.api.MessagingException;
import io.chorus.api.MessagingException.Reason;
import io.chorus.api.Profile;
import io.chorus.api.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messaging through the public api on real loopback sockets (UDP packets, TCP frames): sends,
 * requests and their failures, routing by key, and user events.
 */
class MessagingTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private Cluster node(String name, Consumer<ClusterConfig.Builder> tweak) {
        ClusterConfig.Builder b = ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0);
        tweak.accept(b);
        Cluster c = Chorus.create(b.build());
        nodes.add(c);
        return c;
    }

    private List<Cluster> cluster(int n, Consumer<ClusterConfig.Builder> tweak) {
        List<Cluster> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(node("n" + i, tweak).start());
        }
        for (Cluster c : out.subList(1, n)) {
            c.join(List.of(out.get(0).localId().address()));
        }
        await(() -> out.stream().allMatch(c -> c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == n),
                "the cluster did not converge");
        return out;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessagingException failure(CompletableFuture<Message> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MessagingException m) {
                return m;
            }
            throw new AssertionError("failed with " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future never completed");
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void requestsGetRepliesAndClearErrors() throws Exception {
        List<Cluster> c = cluster(2, b -> { });
        Cluster a = c.get(0);
        Cluster b = c.get(1);
        b.handle("echo", m -> m.payload());
        b.handle("boom", m -> {
            throw new IllegalStateException("no such account 42");
        });
        b.handle("null", m -> null);

        Message reply = a.request(b.localId(), "echo", utf8("hello"), LONG).get(60, TimeUnit.SECONDS);
        assertEquals("hello", new String(reply.payload(), StandardCharsets.UTF_8));
        assertEquals(b.localId(), reply.sender());
        assertEquals("echo", reply.topic());

        byte[] big = new byte[300_000];
        new java.util.SplittableRandom(7).nextBytes(big);
        assertArrayEquals(big, a.request(b.localId(), "echo", big, LONG).get(60, TimeUnit.SECONDS).payload(),
                "a payload far over the packet budget goes over the stream both ways");

        MessagingException none = failure(a.request(b.localId(), "nobody-home", utf8("x"), LONG));
        assertEquals(Reason.NO_HANDLER, none.reason(), "an unknown topic answers at once, not after the timeout");
        assertTrue(none.getMessage().contains("nobody-home"), none.getMessage());

        MessagingException boom = failure(a.request(b.localId(), "boom", utf8("x"), LONG));
        assertEquals(Reason.HANDLER_FAILED, boom.reason());
        assertTrue(boom.getMessage().contains("no such account 42"), boom.getMessage());
        assertEquals(b.localId(), boom.member().orElseThrow());
        assertEquals(Reason.HANDLER_FAILED, failure(a.request(b.localId(), "null", utf8("x"), LONG)).reason());

        CountDownLatch release = new CountDownLatch(1);
        b.handle("slow", m -> {
            release.await(60, TimeUnit.SECONDS);
            return m.payload();
        });
        MessagingException late = failure(a.request(b.localId(), "slow", utf8("x"), Duration.ofMillis(200)));
        release.countDown();
        assertEquals(Reason.TIMEOUT, late.reason());

        IllegalArgumentException badTopic = assertThrows(IllegalArgumentException.class,
                () -> a.request(b.localId(), "no spaces", utf8("x"), LONG));
        assertTrue(badTopic.getMessage().contains("no spaces") && badTopic.getMessage().contains("letters, digits"),
                badTopic.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.request(b.localId(), "echo", utf8("x"), Duration.ZERO));
        io.chorus.api.NodeId stranger = io.chorus.api.NodeId.parse("ghost@127.0.0.1:9");
        assertEquals(Reason.MEMBER_UNAVAILABLE, failure(a.request(stranger, "echo", utf8("x"), LONG)).reason());
        assertTrue(a.stats().userMessagesOut() > 0 && b.stats().userMessagesIn() > 0);
    }

    @Test
    void sendsArriveAndLimitsAreChecked() throws Exception {
        List<Cluster> c = cluster(2, b -> b.option("messaging.max-payload", "200000"));
        Cluster a = c.get(0);
        Cluster b = c.get(1);
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        b.handle("note", io.chorus.api.MessageHandler.consuming(got::add));
        a.send(b.localId(), "note", utf8("small, in a packet"));
        byte[] large = new byte[150_000];
        large[149_999] = 9;
        a.send(b.localId(), "note", large);
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Message m = got.poll(60, TimeUnit.SECONDS);
            assertTrue(m != null, "a sent message never arrived");
            received.add(m);
        }
        assertTrue(received.stream().anyMatch(m -> new String(m.payload(), StandardCharsets.UTF_8).equals("small, in a packet")));
        assertTrue(received.stream().anyMatch(m -> m.size() == 150_000 && m.payload()[149_999] == 9));
        assertEquals(a.localId(), received.get(0).sender());

        MessagingException tooLarge = assertThrows(MessagingException.class, () -> a.send(b.localId(), "note", new byte[200_001]));
        assertEquals(Reason.TOO_LARGE, tooLarge.reason());
        assertTrue(tooLarge.getMessage().contains("messaging.max-payload"), tooLarge.getMessage());
    }

    @Test
    void aFullPendingTableRejectsAtOnce() throws Exception {
        List<Cluster> c = cluster(2, b -> b.option("messaging.max-pending", "2"));
        Cluster a = c.get(0);
        Cluster b = c.get(1);
        CountDownLatch release = new CountDownLatch(1);
        b.handle("hold", m -> {
            release.await(60, TimeUnit.SECONDS);
            return new byte[0];
        });
        CompletableFuture<Message> one = a.request(b.localId(), "hold", new byte[0], LONG);
        CompletableFuture<Message> two = a.request(b.localId(), "hold", new byte[0], LONG);
        MessagingException full = assertThrows(MessagingException.class, () -> a.request(b.localId(), "hold", new byte[0], LONG));
        assertEquals(Reason.REJECTED, full.reason());
        assertTrue(full.getMessage().contains("messaging.max-pending"), full.getMessage());
        release.countDown();
        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);
        a.request(b.localId(), "hold", new byte[0], LONG).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aFullHandlerQueueAnswersOverloaded() throws Exception {
        List<Cluster> c = cluster(2, b -> b.option("messaging.threads", "1").option("messaging.queue", "1"));
        Cluster a = c.get(0);
        Cluster b = c.get(1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        b.handle("hold", m -> {
            entered.countDown();
            release.await(60, TimeUnit.SECONDS);
            return new byte[0];
        });
        CompletableFuture<Message> running = a.request(b.localId(), "hold", new byte[0], LONG);
        assertTrue(entered.await(60, TimeUnit.SECONDS));
        CompletableFuture<Message> queued = a.request(b.localId(), "hold", new byte[0], LONG);
        await(() -> b.stats().userMessagesIn() >= 2, "the second request never arrived");
        MessagingException busy = failure(a.request(b.localId(), "hold", new byte[0], LONG));
        assertEquals(Reason.OVERLOADED, busy.reason());
        assertTrue(busy.getMessage().contains("messaging.queue"), busy.getMessage());
        release.countDown();
        running.get(60, TimeUnit.SECONDS);
        queued.get(60, TimeUnit.SECONDS);
        assertTrue(b.stats().userRejected() >= 1);
    }

    @Test
    void aMemberThatLeavesFailsItsRequestsAtOnce() throws Exception {
        List<Cluster> c = cluster(2, b -> { });
        Cluster a = c.get(0);
        Cluster b = c.get(1);
        CountDownLatch entered = new CountDownLatch(1);
        b.handle("hold", m -> {
            entered.countDown();
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            return new byte[0];
        });
        CompletableFuture<Message> f = a.request(b.localId(), "hold", new byte[0], Duration.ofSeconds(120));
        assertTrue(entered.await(60, TimeUnit.SECONDS));
        b.leave();
        MessagingException gone = failure(f);
        assertEquals(Reason.MEMBER_UNAVAILABLE, gone.reason(), gone.getMessage());
        assertEquals(b.localId(), gone.member().orElseThrow());
    }

    @Test
    void aKeyedRequestFailsOverToTheNextReplica() throws Exception {
        List<Cluster> c = cluster(4, b -> { });
        Map<String, Cluster> byName = new ConcurrentHashMap<>();
        for (Cluster n : c) {
            byName.put(n.localId().name(), n);
            n.handle("whoami", m -> utf8(n.localId().name()));
        }
        await(() -> c.stream().allMatch(n -> n.ring().members().size() == 4), "the rings never held 4 members");
        Cluster client = c.get(0);
        // a key whose owner is not the client, so that the owner can be stopped under it
        String key = null;
        for (int k = 0; key == null; k++) {
            if (!client.ring().owner("user-" + k).orElseThrow().name().equals(client.localId().name())
                    && !client.ring().owners("user-" + k, 2).get(1).name().equals(client.localId().name())) {
                key = "user-" + k;
            }
        }
        List<Member> owners = client.ring().owners(key, 2);
        Message first = client.request(key, "whoami", new byte[0], LONG).get(60, TimeUnit.SECONDS);
        assertEquals(owners.get(0).name(), new String(first.payload(), StandardCharsets.UTF_8));
        assertEquals(owners.get(0).id(), first.sender());

        // the owner stops answering (its handler goes away, then it leaves): the request lands on the next replica
        Cluster owner = byName.get(owners.get(0).name());
        CountDownLatch entered = new CountDownLatch(1);
        owner.handle("whoami", m -> {
            entered.countDown();
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            return new byte[0];
        });
        CompletableFuture<Message> routed = client.request(key, "whoami", new byte[0], LONG);
        assertTrue(entered.await(60, TimeUnit.SECONDS), "the owner never got the request");
        owner.leave();
        Message second = routed.get(60, TimeUnit.SECONDS);
        assertEquals(owners.get(1).name(), new String(second.payload(), StandardCharsets.UTF_8),
                "the request failed over to the next replica on the ring");
    }

    @Test
    void userEventsReachEveryNodeOnceInOrder() throws Exception {
        List<Cluster> c = cluster(4, b -> { });
        List<BlockingQueue<ClusterEvent.UserEvent>> seen = new ArrayList<>();
        for (Cluster n : c) {
            BlockingQueue<ClusterEvent.UserEvent> q = new LinkedBlockingQueue<>();
            n.subscribe(e -> {
                if (e instanceof ClusterEvent.UserEvent u) {
                    q.add(u);
                }
            });
            seen.add(q);
        }
        int events = 30;
        for (int i = 0; i < events; i++) {
            c.get(1).broadcast("deploy", utf8("v" + i));
        }
        byte[] big = new byte[3000];
        big[2999] = 1;
        c.get(1).broadcast("blob", big);
        byte[] direct = new byte[20_000];
        direct[0] = 2;
        c.get(1).broadcast("blob", direct);
        for (BlockingQueue<ClusterEvent.UserEvent> q : seen) {
            for (int i = 0; i < events; i++) {
                ClusterEvent.UserEvent e = q.poll(60, TimeUnit.SECONDS);
                assertTrue(e != null, "event " + i + " never arrived");
                assertEquals("deploy", e.topic());
                assertEquals("v" + i, new String(e.payload(), StandardCharsets.UTF_8), "delivered in broadcast order");
                assertEquals(c.get(1).localId(), e.sender());
            }
            ClusterEvent.UserEvent gossiped = q.poll(60, TimeUnit.SECONDS);
            assertTrue(gossiped != null && gossiped.payload().length == 3000 && gossiped.payload()[2999] == 1,
                    "an event over the packet budget is gossiped in frames");
            ClusterEvent.UserEvent sent = q.poll(60, TimeUnit.SECONDS);
            assertTrue(sent != null && sent.payload().length == 20_000 && sent.payload()[0] == 2,
                    "an event over the broadcast limit goes to each member directly");
        }
        // no duplicates: after gossip has died down, nothing more arrives
        c.get(2).broadcast("marker", new byte[0]);
        for (BlockingQueue<ClusterEvent.UserEvent> q : seen) {
            ClusterEvent.UserEvent e = q.poll(60, TimeUnit.SECONDS);
            assertTrue(e != null, "the marker never arrived");
            assertEquals("marker", e.topic(), "an event was delivered twice");
        }
        for (Cluster n : c) {
            assertEquals(events + 3, n.stats().userEvents());
        }
    }

    @Test
    void aLoneNodeDeliversItsOwnEventsAndABacklogIsRejected() throws Exception {
        Cluster alone = node("alone", b -> b.option("messaging.max-broadcasts", "2")).start();
        BlockingQueue<ClusterEvent.UserEvent> q = new LinkedBlockingQueue<>();
        alone.subscribe(e -> {
            if (e instanceof ClusterEvent.UserEvent u) {
                q.add(u);
            }
        });
        for (int i = 0; i < 300; i++) {
            alone.broadcast("tick", utf8("t" + i));
            ClusterEvent.UserEvent e = q.poll(60, TimeUnit.SECONDS);
            assertTrue(e != null, "event " + i + " was not delivered to its own node");
            assertEquals("t" + i, new String(e.payload(), StandardCharsets.UTF_8));
        }
        List<Cluster> c = cluster(2, b -> b.option("messaging.max-broadcasts", "2"));
        c.get(0).broadcast("a", new byte[0]);
        c.get(0).broadcast("b", new byte[0]);
        MessagingException full = assertThrows(MessagingException.class, () -> c.get(0).broadcast("c", new byte[0]));
        assertEquals(Reason.REJECTED, full.reason());
        assertTrue(full.getMessage().contains("messaging.max-broadcasts"), full.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.get(0).broadcast("bad topic", new byte[0]));
    }

    @Test
    void coalescingEventsDeliverTheLatest() throws Exception {
        List<Cluster> c = cluster(3, b -> b.option("messaging.coalesce-period", "500ms"));
        BlockingQueue<ClusterEvent.UserEvent> q = new LinkedBlockingQueue<>();
        c.get(2).subscribe(e -> {
            if (e instanceof ClusterEvent.UserEvent u) {
                q.add(u);
            }
        });
        for (int i = 0; i < 20; i++) {
            c.get(0).broadcast("config", utf8("rev-" + i), true);
        }
        c.get(0).broadcast("after", new byte[0]);
        List<String> got = new ArrayList<>();
        while (!got.contains("config:rev-19")) {
            ClusterEvent.UserEvent e = q.poll(60, TimeUnit.SECONDS);
            assertTrue(e != null, "the latest coalesced event never arrived; got " + got);
            got.add(e.topic() + ":" + new String(e.payload(), StandardCharsets.UTF_8));
        }
        long configs = got.stream().filter(s -> s.startsWith("config:")).count();
        assertTrue(configs < 20, "a burst of coalescing events is delivered as fewer events: " + got);
    }

    @Test
    void signedClustersCarryMessagesAndEvents() throws Exception {
        Secret secret = Secret.of(utf8("a shared secret of enough length!"));
        List<Cluster> c = cluster(2, b -> b.secret(secret));
        Cluster a = c.get(0);
        Cluster b = c.get(1);
        b.handle("echo", m -> m.payload());
        assertEquals("signed", new String(a.request(b.localId(), "echo", utf8("signed"), LONG).get(60, TimeUnit.SECONDS)
                .payload(), StandardCharsets.UTF_8));
        BlockingQueue<ClusterEvent.UserEvent> q = new LinkedBlockingQueue<>();
        b.subscribe(e -> {
            if (e instanceof ClusterEvent.UserEvent u) {
                q.add(u);
            }
        });
        a.broadcast("signed-event", utf8("x"));
        assertTrue(q.poll(60, TimeUnit.SECONDS) != null);

        assertEquals(0, b.stats().rejected(), "members of one cluster reject nothing of each other");
    }
}
