package io.chorus.api;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message between members: what a {@link MessageHandler} receives, and what a request's future
 * completes with (the reply, whose sender is the member that answered). Immutable: the payload is
 * copied in and out; {@link #payloadBuffer()} reads it without a copy.
 *
 * @param sender the member that sent it
 * @param topic its topic (see {@link Cluster#handle})
 * @param payload its bytes; a copy on every call
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record Message(NodeId sender, String topic, byte[] payload) {
    /** Checks the components and copies the payload. */
    public Message {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(topic, "topic");
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return the payload as a read-only buffer, without a copy */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** @return the payload's length in bytes */
    public int size() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.sender.equals(sender) && m.topic.equals(topic) && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, topic) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Message[" + topic + " from " + sender + ", " + payload.length + " bytes]";
    }
}
