package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.agent.log.AgentLogging;
import io.chorus.agent.log.LogLevel;
import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterStatus;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.Ring;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategy;
import io.chorus.api.spi.RingStrategyProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing nodes while their ring is being rebuilt logs nothing at WARN: the node stops its ring
 * thread, and waits for it, before its event thread goes. The ring strategy here, registered
 * explicitly, blocks every rebuild it is armed for until the close stops the ring thread; half the
 * nodes then return a ring as if nothing happened, the other half give up with an exception, as
 * an interruptible build would. Both happen during a close, so neither is worth a warning.
 */
class RingCloseTest {
    private static final int NODES = 4;
    private final List<Cluster> nodes = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        nodes.forEach(Cluster::halt);
        AgentLogging.setLevel(LogLevel.INFO);
        AgentLogging.setSink(System.err);
    }

    @Test
    void closingNodesWhileTheirRingsRebuildLogsNothingAtWarn() throws InterruptedException {
        AgentLogging.setSink(new PrintStream(log, true, StandardCharsets.UTF_8));
        AgentLogging.setLevel(LogLevel.WARN);
        List<BlockingRings> rings = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            BlockingRings strategy = new BlockingRings(i % 2 == 1);
            ClusterConfig config = ClusterConfig.builder("r" + i).profile(Profile.LOCAL).bind("127.0.0.1", 0)
                    .hashFunction("xxhash64").ringStrategy(BlockingRings.ID).build();
            rings.add(strategy);
            nodes.add(Chorus.builder(config).provider(strategy).build().start());
        }
        Cluster first = nodes.get(0);
        for (Cluster n : nodes.subList(1, NODES)) {
            n.join(List.of(first.localId().address()));
        }
        for (Cluster n : nodes) {
            await(() -> n.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() == NODES,
                    n.localId() + " never saw every member ALIVE");
            await(() -> n.ring().members().size() == NODES, n.localId() + " never had every member on its ring");
        }

        // every node rebuilds for a tag change, and each rebuild blocks in the strategy
        rings.forEach(BlockingRings::arm);
        first.updateTag("rebuild", "now");
        for (BlockingRings r : rings) {
            assertTrue(r.entered.await(30, TimeUnit.SECONDS), "a rebuild never began");
        }

        List<Thread> closers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Cluster n = nodes.get(i);
            Thread t = new Thread(i % 2 == 0 ? n::close : n::halt, "closer-" + i);
            closers.add(t);
            t.start();
        }
        for (Thread t : closers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        for (BlockingRings r : rings) {
            // the node should have waited for its ring thread; if it did not, let the thread finish before reading the log
            assertTrue(r.left.await(30, TimeUnit.SECONDS), "a blocked rebuild never ended");
        }
        Thread.sleep(200);
        for (int i = 0; i < NODES; i++) {
            assertEquals(ClusterStatus.STOPPED, nodes.get(i).status());
            assertTrue(rings.get(i).stoppedWhileBuilding.get(), "node " + i + "'s rebuild was not running when it closed");
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals("", text, "closing a node logged at WARN or above");
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * A ring strategy that, once armed, blocks every build on the node's ring thread until that
     * thread is interrupted (the close has stopped it), then returns a ring or, if
     * {@code failWhenStopped}, throws.
     */
    static final class BlockingRings implements RingStrategyProvider, RingStrategy {
        static final String ID = "blocking-test";
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean stoppedWhileBuilding = new AtomicBoolean();
        /** Counted down when the blocked build has returned or thrown, so what follows it has run too. */
        final CountDownLatch left = new CountDownLatch(1);
        private final boolean failWhenStopped;
        private volatile boolean armed;

        BlockingRings(boolean failWhenStopped) {
            this.failWhenStopped = failWhenStopped;
        }

        void arm() {
            armed = true;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public RingStrategy create(ProviderContext context) {
            return this;
        }

        @Override
        public Ring build(List<Member> members, HashFunction hash, long epoch) {
            if (armed && Thread.currentThread().getName().startsWith("chorus-ring-") && entered.getCount() > 0) {
                entered.countDown();
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        stoppedWhileBuilding.set(true);
                        if (failWhenStopped) {
                            throw new IllegalStateException("ring build interrupted");
                        }
                    }
                } finally {
                    left.countDown();
                }
            }
            return new SimpleRing(members, hash, epoch);
        }
    }

    /** Each key goes to one member by its hash; enough for a node to publish and read. */
    record SimpleRing(List<Member> members, HashFunction hash, long epoch) implements Ring {
        SimpleRing {
            members = List.copyOf(members);
        }

        @Override
        public Optional<Member> owner(CharSequence key) {
            return members.isEmpty() ? Optional.empty()
                    : Optional.of(members.get((int) Math.floorMod(hash.hash(key), (long) members.size())));
        }

        @Override
        public List<Member> owners(CharSequence key, int replicas) {
            if (members.isEmpty()) {
                return List.of();
            }
            int start = (int) Math.floorMod(hash.hash(key), (long) members.size());
            List<Member> out = new ArrayList<>();
            for (int i = 0; i < Math.min(replicas, members.size()); i++) {
                out.add(members.get((start + i) % members.size()));
            }
            return out;
        }
    }
}
