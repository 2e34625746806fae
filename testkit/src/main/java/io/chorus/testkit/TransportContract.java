package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.ClusterConfig;
import io.chorus.api.FailureReason;
import io.chorus.api.Options;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.testkit.RecordingReceiver.DeliveryFailure;
import io.chorus.testkit.RecordingReceiver.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link TransportProvider} and its {@link Transport}, checked over real use:
 * transports bound to {@code 127.0.0.1} port 0 through the provider, two or three at a time,
 * exchanging packets and (when {@link Transport#supportsFrames()}) frames.
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContract {
 *     @Override
 *     protected TransportProvider provider() {
 *         return new MyTransportProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>What it checks, beyond {@link ProviderContract}: the transport binds port 0 and reports the
 * address it got, and a second bind of that address fails naming it; the packet budget is from
 * 512 to 65507 bytes; packets arrive with exactly the bytes of {@code data[offset, offset + length)}
 * (the sender may reuse its buffer once a send returns), up to the budget; a longer packet is
 * refused with {@link IllegalArgumentException}, never truncated; frames arrive whole and in order,
 * a large one too, or {@code sendFrame} throws {@link UnsupportedOperationException} when frames
 * are not supported; sends from several threads at once all arrive; a send to a closed port never
 * throws, and an undeliverable frame is reported through
 * {@link TransportReceiver#onDeliveryFailure} naming its destination; {@code close()} is
 * idempotent, sends after it do not throw, the receiver hears nothing once it has returned, and
 * the port is free again.
 *
 * <p>Packets are unreliable, so the contract sends a packet again until it arrives (every
 * {@link RecordingReceiver#RESEND_INTERVAL}) rather than count on the first copy. Every wait ends
 * as soon as what it waits for happens, and fails only after {@link #deadline()}.
 */
public abstract class TransportContract extends ProviderContract<TransportProvider> {
    private static final String LOOPBACK = "127.0.0.1";

    private final List<Transport> opened = new ArrayList<>();
    private TransportProvider provider;

    /** For subclasses. */
    protected TransportContract() {
        super(TransportProvider.class);
    }

    /**
     * The options each transport is created with, in its context and its config.
     *
     * @return none by default
     */
    protected Options options() {
        return Options.empty();
    }

    /**
     * How long the contract waits for what should happen; a wait ends as soon as it happens.
     *
     * @return {@link Await#DEFAULT_DEADLINE} by default
     */
    protected Duration deadline() {
        return Await.DEFAULT_DEADLINE;
    }

    /**
     * The length of the large frame that must arrive whole, for a transport with frames.
     *
     * @return 4 MiB by default; lower it to the transport's documented frame limit if that is smaller
     */
    protected int largeFrameLength() {
        return 4 * 1024 * 1024;
    }

    /**
     * Creates a transport bound to {@code 127.0.0.1:port} through the provider; the contract closes
     * it after the test. All transports of one test come from one {@link #provider()} call, so an
     * in-memory provider may keep its network in the instance.
     *
     * @param port the port, 0 for any free one
     * @param receiver where it delivers
     * @return the running transport
     */
    protected final Transport open(int port, TransportReceiver receiver) {
        if (provider == null) {
            provider = provider();
        }
        ClusterConfig config = ClusterConfig.builder("contract").bind(LOOPBACK, port).options(options()).build();
        Transport t = provider.create(TransportContext.of(config, options(), receiver));
        opened.add(t);
        return t;
    }

    /**
     * @param receiver where it delivers
     * @return a transport bound to {@code 127.0.0.1} port 0; closed after the test
     */
    protected final Transport open(TransportReceiver receiver) {
        return open(0, receiver);
    }

    /** @return a receiver whose waits last {@link #deadline()} */
    protected final RecordingReceiver receiver() {
        return new RecordingReceiver(deadline());
    }

    /** Closes every transport the test opened, the last first. */
    @AfterEach
    protected final void closeTheTransports() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }

    /**
     * @param seed picks the bytes
     * @param length how many
     * @return bytes that depend only on the seed and the length
     */
    protected static byte[] payload(long seed, int length) {
        byte[] b = new byte[length];
        new SplittableRandom(seed * 31 + length).nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------ binding

    /** Port 0 picks a free port, and the transport reports the address it got. */
    @Test
    public void bindsLoopbackPortZeroAndReportsItsAddress() {
        Transport a = open(receiver());
        Transport b = open(receiver());
        assertEquals(LOOPBACK, a.localAddress().host(), "the advertised host is the bind host");
        assertTrue(a.localAddress().port() > 0, "the bound port, not 0");
        assertEquals(a.localAddress(), a.localAddress(), "the address does not change");
        assertFalse(a.localAddress().equals(b.localAddress()), () -> "two transports got one address: " + a.localAddress());
    }

    /** {@code create} fails with a ChorusException naming the address when the address is taken. */
    @Test
    public void bindingATakenAddressFailsNamingIt() {
        Transport a = open(receiver());
        int port = a.localAddress().port();
        ChorusException e = assertThrows(ChorusException.class, () -> open(port, receiver()),
                "a second transport on " + a.localAddress());
        assertTrue(String.valueOf(e.getMessage()).contains(LOOPBACK + ":" + port),
                () -> "the message should name " + LOOPBACK + ":" + port + ": " + e.getMessage());
    }

    /** The packet budget is a datagram's size, and it does not change. */
    @Test
    public void packetBudgetIsBetween512And65507BytesAndConstant() {
        Transport a = open(receiver());
        int budget = a.packetBudget();
        assertTrue(budget >= 512 && budget <= 65_507, () -> "a packet budget of " + budget
                + " bytes: the engine needs at least 512, and a packet is one datagram, at most 65507");
        assertEquals(budget, a.packetBudget());
    }

    // ------------------------------------------------------------------ packets

    /** Packets arrive both ways with exactly the bytes of the range sent, and the buffer may be reused at once. */
    @Test
    public void packetsArriveWithExactlyTheBytesSent() throws Exception {
        RecordingReceiver ra = receiver();
        RecordingReceiver rb = receiver();
        Transport a = open(ra);
        Transport b = open(rb);

        packetArrives(a, b, rb, payload(1, 1));
        packetArrives(a, b, rb, payload(2, 100));
        packetArrives(a, b, rb, payload(3, 1000));
        packetArrives(b, a, ra, payload(4, 300));
    }

    /** A packet of exactly the budget arrives whole. */
    @Test
    public void aPacketOfExactlyTheBudgetArrivesWhole() throws Exception {
        RecordingReceiver rb = receiver();
        Transport a = open(receiver());
        Transport b = open(rb);

        packetArrives(a, b, rb, payload(5, a.packetBudget()));
    }

    /** Sends {@code expected} from the middle of a larger buffer, overwritten after each send, until it arrives. */
    private static void packetArrives(Transport from, Transport to, RecordingReceiver at, byte[] expected) throws Exception {
        byte[] buffer = new byte[expected.length + 10];
        Message m = at.sendUntilReceived(() -> {
            Arrays.fill(buffer, (byte) 0x5A);
            System.arraycopy(expected, 0, buffer, 3, expected.length);
            from.sendPacket(to.localAddress(), buffer, 3, expected.length);
            Arrays.fill(buffer, (byte) 0xA5); // the caller may reuse its buffer once a send returns
        }, r -> r.isPacket() && r.is(expected));
        assertArrayEquals(expected, m.data());
    }

    /** A packet longer than the budget throws IllegalArgumentException, and no part of it is sent. */
    @Test
    public void aPacketOverTheBudgetIsRefusedNeverTruncated() throws Exception {
        RecordingReceiver rb = receiver();
        Transport a = open(receiver());
        Transport b = open(rb);
        int budget = a.packetBudget();
        byte[] big = payload(6, budget + 10);

        assertThrows(IllegalArgumentException.class, () -> a.sendPacket(b.localAddress(), big, 0, budget + 1));
        assertThrows(IllegalArgumentException.class, () -> a.sendPacket(b.localAddress(), big, 5, budget + 1));

        byte[] marker = payload(7, 20);
        packetArrives(a, b, rb, marker);
        List<Message> others = rb.received().stream().filter(m -> !m.is(marker)).toList();
        assertEquals(List.of(), others, "nothing but the marker arrived: an oversized packet is never truncated");
    }

    // ------------------------------------------------------------------ frames

    /** Frames arrive whole and in order, a large one among them, both ways. */
    @Test
    public void framesArriveWholeAndInOrderIncludingALargeOne() {
        RecordingReceiver ra = receiver();
        RecordingReceiver rb = receiver();
        Transport a = open(ra);
        Transport b = open(rb);
        assumeTrue(a.supportsFrames(), "the transport carries packets only");

        List<byte[]> sent = new ArrayList<>();
        byte[] buffer = new byte[4000];
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                byte[] large = payload(8, largeFrameLength());
                byte[] around = new byte[large.length + 8];
                System.arraycopy(large, 0, around, 4, large.length);
                a.sendFrame(b.localAddress(), around, 4, large.length);
                Arrays.fill(around, (byte) 0);
                sent.add(large);
            }
            byte[] frame = payload(100 + i, 1 + (i * 397) % 3000);
            System.arraycopy(frame, 0, buffer, 2, frame.length);
            a.sendFrame(b.localAddress(), buffer, 2, frame.length);
            Arrays.fill(buffer, (byte) 0); // the caller may reuse its buffer once a send returns
            sent.add(frame);
        }
        for (int i = 0; i < sent.size(); i++) {
            Message m = rb.next();
            assertTrue(m.isFrame(), "a frame arrives through onFrame: " + m);
            assertArrayEquals(sent.get(i), m.data(), "frame " + i + " of " + sent.size() + ", in the order sent");
        }
        byte[] back = payload(9, 5000);
        b.sendFrame(a.localAddress(), back, 0, back.length);
        assertArrayEquals(back, ra.next().data(), "a frame the other way");
        assertEquals(List.of(), List.copyOf(ra.failures()), "no delivery failure");
        assertEquals(List.of(), List.copyOf(rb.failures()), "no delivery failure");
    }

    /** A transport without frames says so and refuses them with UnsupportedOperationException. */
    @Test
    public void aTransportWithoutFramesRefusesThem() {
        Transport a = open(receiver());
        Transport b = open(receiver());
        assumeFalse(a.supportsFrames(), "the transport carries frames");
        assertThrows(UnsupportedOperationException.class, () -> a.sendFrame(b.localAddress(), new byte[1], 0, 1));
    }

    // ------------------------------------------------------------------ threads

    /**
     * The protocol loop and the users' threads send at once: four threads' sends all arrive, and
     * each thread's frames in its order.
     */
    @Test
    public void sendsFromSeveralThreadsAtOnceAllArrive() throws Exception {
        RecordingReceiver rb = receiver();
        Transport a = open(receiver());
        Transport b = open(rb);
        int threads = 4;
        int each = 25;
        boolean frames = a.supportsFrames();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        byte[] data = tagged(thread, i);
                        if (frames) {
                            a.sendFrame(b.localAddress(), data, 0, data.length);
                        } else {
                            sendUntilSeen(a, b, rb, data);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get(deadline().toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("a sending thread did not finish within " + Await.describe(deadline()), e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (frames) {
            int[] nextIndex = new int[threads];
            for (int n = 0; n < threads * each; n++) {
                Message m = rb.next();
                int thread = m.data()[0];
                assertTrue(thread >= 0 && thread < threads, () -> "an unexpected frame: " + m);
                assertArrayEquals(tagged(thread, nextIndex[thread]), m.data(), "thread " + thread + "'s frames in order");
                nextIndex[thread]++;
            }
        }
    }

    private static byte[] tagged(int thread, int index) {
        byte[] data = payload(thread * 1000L + index, 50 + index);
        data[0] = (byte) thread;
        data[1] = (byte) index;
        return data;
    }

    private static void sendUntilSeen(Transport from, Transport to, RecordingReceiver at, byte[] data) {
        Optional<Message> seen = Optional.empty();
        long end = System.nanoTime() + at.deadline().toNanos();
        while (seen.isEmpty()) {
            assertTrue(System.nanoTime() - end < 0, "a packet did not arrive within " + Await.describe(at.deadline()));
            from.sendPacket(to.localAddress(), data, 0, data.length);
            long resend = System.nanoTime() + RecordingReceiver.RESEND_INTERVAL.toNanos();
            while (seen.isEmpty() && System.nanoTime() - resend < 0) {
                seen = at.received().stream().filter(m -> m.is(data)).findFirst();
                if (seen.isEmpty()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }
        }
    }

    // ------------------------------------------------------------------ failures and close

    /** A send to a closed port never throws; a frame that cannot be delivered is reported, naming where it went. */
    @Test
    public void sendingToAClosedPortNeverThrows() {
        RecordingReceiver ra = receiver();
        Transport a = open(ra);
        Transport gone = open(receiver());
        Address nobody = gone.localAddress();
        gone.close();
        byte[] data = payload(10, 100);

        assertDoesNotThrow(() -> a.sendPacket(nobody, data, 0, data.length), "a packet to a closed port");
        if (a.supportsFrames()) {
            assertDoesNotThrow(() -> a.sendFrame(nobody, data, 0, data.length), "a frame to a closed port");
            DeliveryFailure f = Await.value("the frame to " + nobody + " is reported undelivered", deadline(),
                    () -> ra.failures().stream().filter(x -> x.to().equals(nobody)).findFirst());
            assertTrue(f.reason() == FailureReason.CONNECTION_REFUSED || f.reason() == FailureReason.CONNECTION_CLOSED,
                    () -> "a delivery failure is refused or closed, not " + f.reason());
        }
        for (DeliveryFailure f : ra.failures()) {
            assertEquals(nobody, f.to(), () -> "a failure names where the message went: " + f);
        }
    }

    /** {@code close()} twice is fine, and sends after it neither throw nor go anywhere. */
    @Test
    public void closeIsIdempotentAndSendingAfterItDoesNotThrow() {
        Transport a = open(receiver());
        Transport b = open(receiver());
        a.close();
        a.close();

        assertDoesNotThrow(() -> a.sendPacket(b.localAddress(), new byte[] {1}, 0, 1), "a packet after close");
        if (a.supportsFrames()) {
            assertDoesNotThrow(() -> a.sendFrame(b.localAddress(), new byte[] {2}, 0, 1), "a frame after close");
        }
    }

    /**
     * Once {@code close()} has returned the receiver is called no more, whatever others send it.
     * What the sender sends to a third transport afterwards is the proof that its sends to the
     * closed one had their chance to arrive.
     */
    @Test
    public void afterCloseTheReceiverHearsNothingMore() throws Exception {
        RecordingReceiver ra = receiver();
        RecordingReceiver rb = receiver();
        RecordingReceiver rc = receiver();
        Transport a = open(ra);
        Transport b = open(rb);
        Transport c = open(rc);
        packetArrives(a, b, rb, payload(11, 40));
        if (a.supportsFrames()) {
            a.sendFrame(b.localAddress(), payload(12, 40), 0, 40);
            rb.next(Message::isFrame);
        }

        b.close();
        long calls = rb.calls();
        for (int i = 0; i < 10; i++) {
            a.sendPacket(b.localAddress(), payload(13, 40), 0, 40);
            if (a.supportsFrames()) {
                a.sendFrame(b.localAddress(), payload(14, 40), 0, 40);
            }
        }
        packetArrives(a, c, rc, payload(15, 40));
        if (a.supportsFrames()) {
            byte[] last = payload(16, 40);
            a.sendFrame(c.localAddress(), last, 0, last.length);
            rc.next(m -> m.isFrame() && m.is(last));
        }

        assertEquals(calls, rb.calls(), () -> "the closed transport's receiver was called after close() returned: "
                + rb.received());
    }

    /** After {@code close()} the port can be bound again, and the new transport receives. */
    @Test
    public void closeFreesThePort() throws Exception {
        Transport first = open(receiver());
        int port = first.localAddress().port();
        first.close();

        RecordingReceiver again = receiver();
        Transport second = Await.value("port " + port + " can be bound again", deadline(), () -> {
            try {
                return Optional.of(open(port, again));
            } catch (ChorusException stillHeld) {
                return Optional.empty();
            }
        });
        assertEquals(port, second.localAddress().port());
        packetArrives(open(receiver()), second, again, payload(17, 64));
    }
}
