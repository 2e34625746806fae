package io.chorus.testkit;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.TransportReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link TransportReceiver} that records every call, copying the bytes (which are valid only
 * during the call), so that a test can wait, with a deadline, for what should arrive, and fail
 * naming what arrived instead. Thread-safe: transports call it from their own threads.
 *
 * <p>What came can be read three ways:
 * <ul>
 *   <li>taken in arrival order, waiting up to the deadline: {@link #next()},
 *       {@link #next(Predicate)}, {@link #nextFailure()}, {@link #nextDropped()},
 *       {@link #nextConnectionLost()}, and {@link #sendUntilReceived} for lossy packets;</li>
 *   <li>from the queues themselves ({@link #messages()}, {@link #failures()}, {@link #dropped()},
 *       {@link #connectionsLost()}), to poll, drain or check that nothing is left;</li>
 *   <li>without taking anything: {@link #received()} (every packet and frame ever received),
 *       {@link #awaitReceived(Predicate)} and {@link #calls()}.</li>
 * </ul>
 * Packets and frames share one queue, so their relative order is kept.
 *
 * <p>It is not final: a test that needs a receiver which misbehaves (throws, blocks, closes its
 * transport) overrides a callback and calls {@code super} to keep the record.
 */
public class RecordingReceiver implements TransportReceiver {
    /** How long a packet waits for its retry in {@link #sendUntilReceived} before it is sent again. */
    public static final Duration RESEND_INTERVAL = Duration.ofMillis(200);

    /** What kind of message arrived. */
    public enum Kind {
        /** Through {@link TransportReceiver#onPacket}. */
        PACKET,
        /** Through {@link TransportReceiver#onFrame}. */
        FRAME
    }

    /**
     * A packet or frame as it arrived: equal to another with the same kind, sender and bytes.
     *
     * @param kind packet or frame
     * @param from the sender the transport named
     * @param data a copy of the bytes, exactly {@code data[offset, offset + length)} of the call
     */
    public record Message(Kind kind, Address from, byte[] data) {
        /** Checks the components. */
        public Message {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(data, "data");
        }

        /**
         * @param expected bytes
         * @return whether the message holds exactly these bytes
         */
        public boolean is(byte[] expected) {
            return Arrays.equals(data, expected);
        }

        /** @return whether it came through {@code onPacket} */
        public boolean isPacket() {
            return kind == Kind.PACKET;
        }

        /** @return whether it came through {@code onFrame} */
        public boolean isFrame() {
            return kind == Kind.FRAME;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && kind == m.kind && from.equals(m.from) && Arrays.equals(data, m.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, from) * 31 + Arrays.hashCode(data);
        }

        /** @return kind, sender, length and the first bytes in hex, never the whole of a large frame */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder().append(kind).append(" from ").append(from).append(", ")
                    .append(data.length).append(" bytes");
            int shown = Math.min(data.length, 16);
            if (shown > 0) {
                b.append(' ');
                for (int i = 0; i < shown; i++) {
                    b.append(String.format("%02x", data[i] & 0xff));
                }
                if (shown < data.length) {
                    b.append("...");
                }
            }
            return b.toString();
        }
    }

    /**
     * A reported delivery failure.
     *
     * @param to where the message was sent
     * @param reason why it was not delivered
     */
    public record DeliveryFailure(Address to, FailureReason reason) {
        /** Checks the components. */
        public DeliveryFailure {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final Duration deadline;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<DeliveryFailure> failures = new LinkedBlockingQueue<>();
    private final BlockingQueue<Address> dropped = new LinkedBlockingQueue<>();
    private final BlockingQueue<Address> connectionsLost = new LinkedBlockingQueue<>();
    private final List<Message> received = new ArrayList<>();
    private final AtomicLong calls = new AtomicLong();

    /** A receiver whose waits last up to {@link Await#DEFAULT_DEADLINE}. */
    public RecordingReceiver() {
        this(Await.DEFAULT_DEADLINE);
    }

    /** @param deadline how long each wait lasts at most */
    public RecordingReceiver(Duration deadline) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** @return how long each wait lasts at most */
    public Duration deadline() {
        return deadline;
    }

    // ------------------------------------------------------------------ the receiver

    /** Records a copy of the packet. */
    @Override
    public void onPacket(Address from, byte[] data, int offset, int length) {
        record(new Message(Kind.PACKET, from, Arrays.copyOfRange(data, offset, offset + length)));
    }

    /** Records a copy of the frame. */
    @Override
    public void onFrame(Address from, byte[] data, int offset, int length) {
        record(new Message(Kind.FRAME, from, Arrays.copyOfRange(data, offset, offset + length)));
    }

    /** Records the failure. */
    @Override
    public void onDeliveryFailure(Address to, FailureReason reason) {
        calls.incrementAndGet();
        failures.add(new DeliveryFailure(to, reason));
    }

    /** Records the lost connection. */
    @Override
    public void onConnectionLost(Address to) {
        calls.incrementAndGet();
        connectionsLost.add(Objects.requireNonNull(to, "to"));
    }

    /** Records the drop. */
    @Override
    public void onDropped(Address from) {
        calls.incrementAndGet();
        dropped.add(Objects.requireNonNull(from, "from"));
    }

    private void record(Message m) {
        calls.incrementAndGet();
        synchronized (received) {
            received.add(m);
            received.notifyAll();
        }
        messages.add(m);
    }

    // ------------------------------------------------------------------ the queues

    /** @return the packets and frames not taken yet, in arrival order */
    public BlockingQueue<Message> messages() {
        return messages;
    }

    /** @return the delivery failures not taken yet, in the order reported */
    public BlockingQueue<DeliveryFailure> failures() {
        return failures;
    }

    /** @return the senders of dropped input not taken yet, in the order reported */
    public BlockingQueue<Address> dropped() {
        return dropped;
    }

    /** @return the destinations of lost connections not taken yet, in the order reported */
    public BlockingQueue<Address> connectionsLost() {
        return connectionsLost;
    }

    /** @return every packet and frame received so far, taken or not, in arrival order */
    public List<Message> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** @return how many times the transport has called this receiver, every callback counted */
    public long calls() {
        return calls.get();
    }

    // ------------------------------------------------------------------ waiting

    /**
     * @return the next packet or frame, waiting up to the deadline
     * @throws AssertionError if none arrives in time
     */
    public Message next() {
        return take(messages, "a packet or frame");
    }

    /**
     * Takes messages until one matches, discarding the others.
     *
     * @param wanted the message to wait for
     * @return the first message that matches, waiting up to the deadline
     * @throws AssertionError if none arrives in time; it lists the first messages discarded
     */
    public Message next(Predicate<Message> wanted) {
        Objects.requireNonNull(wanted, "wanted");
        long end = System.nanoTime() + deadline.toNanos();
        List<Message> skipped = new ArrayList<>();
        for (;;) {
            long left = end - System.nanoTime();
            Message m = left > 0 ? poll(messages, left) : messages.poll();
            if (m == null) {
                throw new AssertionError("the wanted message did not arrive within " + Await.describe(deadline)
                        + skippedText(skipped));
            }
            if (wanted.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /**
     * Sends again and again until a matching packet or frame arrives, for packets that the network
     * may lose: sends, waits up to {@link #RESEND_INTERVAL} for a match, sends again, until the
     * deadline. Messages that do not match are taken and discarded; duplicates of the match that
     * come later stay in the queue.
     *
     * @param send sends one copy
     * @param wanted the message to wait for
     * @return the first match
     * @throws Exception what {@code send} throws
     * @throws AssertionError if no match arrives in time; it lists the first messages discarded
     */
    public Message sendUntilReceived(Sender send, Predicate<Message> wanted) throws Exception {
        Objects.requireNonNull(send, "send");
        Objects.requireNonNull(wanted, "wanted");
        long end = System.nanoTime() + deadline.toNanos();
        List<Message> skipped = new ArrayList<>();
        int sends = 0;
        do {
            send.send();
            sends++;
            long resendAt = Math.min(end, System.nanoTime() + RESEND_INTERVAL.toNanos());
            for (long left = resendAt - System.nanoTime(); left > 0; left = resendAt - System.nanoTime()) {
                Message m = poll(messages, left);
                if (m == null) {
                    break;
                }
                if (wanted.test(m)) {
                    return m;
                }
                skipped.add(m);
            }
        } while (System.nanoTime() - end < 0);
        throw new AssertionError("the wanted message did not arrive within " + Await.describe(deadline) + ", sent "
                + sends + " times" + skippedText(skipped));
    }

    /**
     * Waits, taking nothing, until a matching packet or frame has been received: several threads
     * may wait on one receiver at once.
     *
     * @param wanted the message to wait for
     * @return the first match among everything received
     * @throws AssertionError if none is received in time
     */
    public Message awaitReceived(Predicate<Message> wanted) {
        Objects.requireNonNull(wanted, "wanted");
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (received) {
            int checked = 0;
            for (;;) {
                for (; checked < received.size(); checked++) {
                    if (wanted.test(received.get(checked))) {
                        return received.get(checked);
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the wanted message was not received within " + Await.describe(deadline)
                            + "; received " + received.size() + skippedText(received));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a message", e);
                }
            }
        }
    }

    /**
     * @return the next delivery failure, waiting up to the deadline
     * @throws AssertionError if none is reported in time
     */
    public DeliveryFailure nextFailure() {
        return take(failures, "a delivery failure");
    }

    /**
     * @return the sender of the next dropped input, waiting up to the deadline
     * @throws AssertionError if none is reported in time
     */
    public Address nextDropped() {
        return take(dropped, "a dropped message");
    }

    /**
     * @return the destination of the next lost connection, waiting up to the deadline
     * @throws AssertionError if none is reported in time
     */
    public Address nextConnectionLost() {
        return take(connectionsLost, "a lost connection");
    }

    private <T> T take(BlockingQueue<T> queue, String what) {
        T item = poll(queue, deadline.toNanos());
        if (item == null) {
            throw new AssertionError("no " + what + " within " + Await.describe(deadline));
        }
        return item;
    }

    private static <T> T poll(BlockingQueue<T> queue, long nanos) {
        try {
            return queue.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static String skippedText(List<Message> skipped) {
        if (skipped.isEmpty()) {
            return "; nothing else arrived";
        }
        List<Message> first = skipped.subList(0, Math.min(5, skipped.size()));
        return "; " + skipped.size() + " other message(s) arrived instead, the first: " + first;
    }

    /** One send, which may throw (a raw socket's, for instance). */
    @FunctionalInterface
    public interface Sender {
        /**
         * Sends one copy.
         *
         * @throws Exception whatever the send throws
         */
        void send() throws Exception;
    }
}
