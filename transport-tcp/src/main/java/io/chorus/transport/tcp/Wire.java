package io.chorus.transport.tcp;

import java.nio.ByteBuffer;

/**
 * The framing on a connection: {@code length u32 big-endian | kind u8 | payload}, where
 * {@code length} counts the payload only (the kind byte is not included).
 */
final class Wire {
    /** Bytes before the payload: four of length, one of kind. */
    static final int HEADER_BYTES = 5;
    /** A packet: handed to {@code TransportReceiver.onPacket}. */
    static final byte KIND_PACKET = 0;
    /** A frame: handed to {@code TransportReceiver.onFrame}. */
    static final byte KIND_FRAME = 1;

    private Wire() {
    }

    /**
     * Copies one message, header included, into a new buffer ready to write.
     *
     * @param kind {@link #KIND_PACKET} or {@link #KIND_FRAME}
     * @param data the payload's buffer
     * @param offset where the payload starts
     * @param length its length
     * @return the encoded message, positioned at 0
     */
    static ByteBuffer encode(byte kind, byte[] data, int offset, int length) {
        byte[] message = new byte[HEADER_BYTES + length];
        message[0] = (byte) (length >>> 24);
        message[1] = (byte) (length >>> 16);
        message[2] = (byte) (length >>> 8);
        message[3] = (byte) length;
        message[4] = kind;
        System.arraycopy(data, offset, message, HEADER_BYTES, length);
        return ByteBuffer.wrap(message);
    }
}
