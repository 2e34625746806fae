package io.chorus.transport.tcp;

import java.nio.ByteBuffer;

/**
 * Cuts one connection's byte stream into messages (see {@link Wire}). Bytes may arrive in any
 * pieces. The length is checked before a payload buffer is allocated; a message that arrived
 * whole is handed out in place, without a copy. Not thread-safe: one per connection, used by the
 * I/O thread only.
 */
final class MessageReader {
    private final int maxLength;
    private final ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_BYTES);
    /** The payload being filled, when a message arrived in pieces; else {@code null}. */
    private byte[] partial;
    private int filled;
    private int length;
    private byte kind;
    private byte[] messageArray;
    private int messageOffset;

    /** @param maxLength the largest payload accepted */
    MessageReader(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * Consumes bytes from {@code in} until a message is complete or {@code in} is empty. When it
     * returns true the message is available through {@link #kind()}, {@link #array()},
     * {@link #offset()} and {@link #length()} until the next call or until {@code in} is reused.
     *
     * @param in a heap buffer, ready to read
     * @return whether a message is complete
     * @throws WireViolation if the length is over the limit or the kind is unknown
     */
    boolean next(ByteBuffer in) throws WireViolation {
        if (partial == null) {
            while (header.hasRemaining() && in.hasRemaining()) {
                header.put(in.get());
            }
            if (header.hasRemaining()) {
                return false;
            }
            int rawLength = header.getInt(0);
            byte rawKind = header.get(4);
            header.clear();
            if (rawLength < 0 || rawLength > maxLength) {
                throw new WireViolation("a message of " + Integer.toUnsignedString(rawLength)
                        + " bytes exceeds the limit of " + maxLength + " (" + TcpSettings.MAX_FRAME_BYTES.key() + ")");
            }
            if (rawKind != Wire.KIND_PACKET && rawKind != Wire.KIND_FRAME) {
                throw new WireViolation("unknown message kind " + (rawKind & 0xff));
            }
            length = rawLength;
            kind = rawKind;
            if (in.remaining() >= length) {
                messageArray = in.array();
                messageOffset = in.arrayOffset() + in.position();
                in.position(in.position() + length);
                return true;
            }
            partial = new byte[length];
            filled = 0;
        }
        int n = Math.min(in.remaining(), length - filled);
        in.get(partial, filled, n);
        filled += n;
        return completeIfFilled();
    }

    /**
     * A window onto the rest of a large payload, so the channel can read straight into it.
     *
     * @param minimum the smallest remainder worth reading directly
     * @param maximum the largest window to hand out
     * @return the window, or {@code null} when no large payload is being filled
     */
    ByteBuffer directWindow(int minimum, int maximum) {
        if (partial == null || length - filled < minimum) {
            return null;
        }
        return ByteBuffer.wrap(partial, filled, Math.min(maximum, length - filled));
    }

    /**
     * Records bytes read into the last {@link #directWindow}.
     *
     * @param n how many
     * @return whether the message is now complete (see {@link #next})
     */
    boolean directRead(int n) {
        filled += n;
        return completeIfFilled();
    }

    private boolean completeIfFilled() {
        if (filled < length) {
            return false;
        }
        messageArray = partial;
        messageOffset = 0;
        partial = null;
        return true;
    }

    /** @return whether part of a message has been read: an end of stream now truncates it */
    boolean midMessage() {
        return partial != null || header.position() > 0;
    }

    /** @return the complete message's kind */
    byte kind() {
        return kind;
    }

    /** @return the array holding the complete message's payload */
    byte[] array() {
        return messageArray;
    }

    /** @return where the payload starts in {@link #array()} */
    int offset() {
        return messageOffset;
    }

    /** @return the payload's length */
    int length() {
        return length;
    }
}
