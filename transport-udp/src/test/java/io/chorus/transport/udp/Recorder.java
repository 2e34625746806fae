package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.TransportReceiver;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A receiver that records what arrives into queues, copying the bytes, and can be told to throw
 * after recording, as a decoder that chokes on a packet would.
 */
class Recorder implements TransportReceiver {
    /** How long a test waits for something that should come; generous, since machines differ. */
    static final long AWAIT_SECONDS = 10;

    /** A received packet. */
    record Packet(Address from, byte[] data) {
        boolean is(byte[] expected) {
            return Arrays.equals(data, expected);
        }
    }

    final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    final BlockingQueue<Address> dropped = new LinkedBlockingQueue<>();
    final BlockingQueue<Address> frames = new LinkedBlockingQueue<>();
    /** Thrown after each packet or drop is recorded, when set (as it was when the call began). */
    volatile Throwable failure;
    /** When set, packets it accepts are not recorded: the receiver throws instead, as a decoder would on garbage. */
    volatile Predicate<byte[]> rejects;

    @Override
    public void onPacket(Address from, byte[] data, int offset, int length) {
        // read before recording: once the test sees the packet it may change what is thrown next
        Throwable fail = failure;
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        Predicate<byte[]> r = rejects;
        if (r != null && r.test(copy)) {
            throw new IllegalStateException("unreadable packet of " + length + " bytes");
        }
        packets.add(new Packet(from, copy));
        maybeFail(fail);
    }

    @Override
    public void onFrame(Address from, byte[] data, int offset, int length) {
        frames.add(from);
    }

    @Override
    public void onDeliveryFailure(Address to, FailureReason reason) {
        frames.add(to);
    }

    @Override
    public void onDropped(Address from) {
        Throwable fail = failure;
        dropped.add(from);
        maybeFail(fail);
    }

    private static void maybeFail(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** @return the next packet, waiting up to {@link #AWAIT_SECONDS} */
    Packet next() throws InterruptedException {
        Packet p = packets.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(p, "no packet arrived within " + AWAIT_SECONDS + " s");
        return p;
    }

    /** @return the sender of the next dropped datagram, waiting up to {@link #AWAIT_SECONDS} */
    Address nextDropped() throws InterruptedException {
        Address a = dropped.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(a, "no datagram was reported dropped within " + AWAIT_SECONDS + " s");
        return a;
    }

    /**
     * Sends with {@code send} and waits a little for a packet that matches, again and again until
     * one comes or the deadline passes: for datagrams that the network may lose (a full socket
     * buffer, a destination still being looked up).
     *
     * @param send sends one attempt
     * @param wanted the packet to wait for; others are skipped
     * @param deadlineSeconds how long to keep trying
     * @return the packet
     */
    Packet sendUntilReceived(ThrowingRunnable send, Predicate<Packet> wanted, long deadlineSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        while (System.nanoTime() - deadline < 0) {
            send.run();
            long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            for (long left = waitUntil - System.nanoTime(); left > 0; left = waitUntil - System.nanoTime()) {
                Packet p = packets.poll(left, TimeUnit.NANOSECONDS);
                if (p != null && wanted.test(p)) {
                    return p;
                }
            }
        }
        return fail("the packet did not arrive within " + deadlineSeconds + " s");
    }

    /** A send that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
