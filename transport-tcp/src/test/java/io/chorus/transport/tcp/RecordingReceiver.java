package io.chorus.transport.tcp;

import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;
import io.chorus.api.spi.TransportReceiver;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what a transport hands over, copying the bytes, into blocking queues that tests take
 * from with a deadline. Packets and frames share one queue, so their relative order is kept.
 */
final class RecordingReceiver implements TransportReceiver {
    /** How long a test waits for something that should happen. */
    static final long DEADLINE_SECONDS = 20;

    enum Kind { PACKET, FRAME }

    record Message(Kind kind, Address from, byte[] data) {
    }

    record Failure(Address to, FailureReason reason) {
    }

    final BlockingQueue<Message> messages;
    final BlockingQueue<Failure> failures;
    final BlockingQueue<Address> dropped = new LinkedBlockingQueue<>();

    RecordingReceiver() {
        this(new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>());
    }

    /** Lets two receivers share queues, so a test can wait for whichever comes first. */
    RecordingReceiver(BlockingQueue<Message> messages, BlockingQueue<Failure> failures) {
        this.messages = messages;
        this.failures = failures;
    }

    @Override
    public void onPacket(Address from, byte[] data, int offset, int length) {
        messages.add(new Message(Kind.PACKET, from, Arrays.copyOfRange(data, offset, offset + length)));
    }

    @Override
    public void onFrame(Address from, byte[] data, int offset, int length) {
        messages.add(new Message(Kind.FRAME, from, Arrays.copyOfRange(data, offset, offset + length)));
    }

    @Override
    public void onDeliveryFailure(Address to, FailureReason reason) {
        failures.add(new Failure(to, reason));
    }

    @Override
    public void onDropped(Address from) {
        dropped.add(from);
    }

    Message message() {
        return take(messages, "a message");
    }

    Failure failure() {
        return take(failures, "a delivery failure");
    }

    Address drop() {
        return take(dropped, "a dropped message");
    }

    static <T> T take(BlockingQueue<T> queue, String what) {
        try {
            T item = queue.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
            if (item == null) {
                fail("no " + what + " within " + DEADLINE_SECONDS + "s");
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}
