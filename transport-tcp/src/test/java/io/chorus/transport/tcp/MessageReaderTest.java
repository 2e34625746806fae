package io.chorus.transport.tcp;

import static io.chorus.transport.tcp.TcpFramingTest.concat;
import static io.chorus.transport.tcp.TcpFramingTest.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The framing state machine without sockets. */
class MessageReaderTest {

    @Test
    void aWholeMessageIsHandedOutInPlace() throws WireViolation {
        ByteBuffer in = ByteBuffer.wrap(concat(header(3, Wire.KIND_PACKET), new byte[] {1, 2, 3}));
        MessageReader reader = new MessageReader(1024);
        assertTrue(reader.next(in));
        assertSame(in.array(), reader.array(), "no copy");
        assertEquals(Wire.HEADER_BYTES, reader.offset());
        assertEquals(3, reader.length());
        assertEquals(Wire.KIND_PACKET, reader.kind());
        assertFalse(in.hasRemaining());
        assertFalse(reader.midMessage());
    }

    @Test
    void piecesOfAnySizeGiveTheSameMessages() throws WireViolation {
        byte[] stream = concat(concat(header(5, Wire.KIND_FRAME), new byte[] {1, 2, 3, 4, 5}),
                concat(header(0, Wire.KIND_PACKET), concat(header(2, Wire.KIND_PACKET), new byte[] {9, 8})));
        for (int piece = 1; piece <= stream.length; piece++) {
            MessageReader reader = new MessageReader(1024);
            StringBuilder seen = new StringBuilder();
            for (int at = 0; at < stream.length; at += piece) {
                ByteBuffer in = ByteBuffer.wrap(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + piece)));
                while (reader.next(in)) {
                    seen.append(reader.kind()).append(':')
                            .append(Arrays.toString(Arrays.copyOfRange(reader.array(), reader.offset(),
                                    reader.offset() + reader.length()))).append(' ');
                }
            }
            assertEquals("1:[1, 2, 3, 4, 5] 0:[] 0:[9, 8] ", seen.toString(), "pieces of " + piece);
            assertFalse(reader.midMessage());
        }
    }

    @Test
    void theLengthIsCheckedBeforeAnyPayloadBufferExists() {
        MessageReader reader = new MessageReader(65_536);
        WireViolation e = assertThrows(WireViolation.class,
                () -> reader.next(ByteBuffer.wrap(header(Integer.MAX_VALUE, Wire.KIND_FRAME))));
        assertTrue(e.getMessage().contains("2147483647") && e.getMessage().contains("65536"), e.getMessage());
        assertNull(reader.directWindow(1, 1), "no payload buffer was allocated");
        assertThrows(WireViolation.class, () -> new MessageReader(65_536).next(ByteBuffer.wrap(header(-1, Wire.KIND_FRAME))));
        assertThrows(WireViolation.class, () -> new MessageReader(65_536).next(ByteBuffer.wrap(header(65_537, Wire.KIND_FRAME))));
    }

    @Test
    void anUnknownKindIsAViolation() {
        WireViolation e = assertThrows(WireViolation.class,
                () -> new MessageReader(1024).next(ByteBuffer.wrap(header(1, 2))));
        assertTrue(e.getMessage().contains("kind 2"), e.getMessage());
    }

    @Test
    void aLargePayloadCanBeReadStraightIntoItsArray() throws WireViolation {
        MessageReader reader = new MessageReader(1 << 20);
        assertFalse(reader.next(ByteBuffer.wrap(concat(header(100_000, Wire.KIND_FRAME), new byte[] {7}))));
        assertTrue(reader.midMessage());
        assertNull(reader.directWindow(200_000, 65_536), "the rest is smaller than the minimum");
        ByteBuffer window = reader.directWindow(1000, 65_536);
        assertNotNull(window);
        assertEquals(65_536, window.remaining());
        assertEquals(1, window.position());
        assertFalse(reader.directRead(65_536));
        window = reader.directWindow(1000, 65_536);
        assertEquals(100_000 - 1 - 65_536, window.remaining());
        Arrays.fill(window.array(), window.position(), window.limit(), (byte) 3);
        assertTrue(reader.directRead(window.remaining()));
        assertEquals(100_000, reader.length());
        assertEquals(7, reader.array()[0]);
        assertEquals(3, reader.array()[99_999]);
        assertFalse(reader.midMessage());
    }

    @Test
    void encodeWritesTheHeaderBigEndian() {
        ByteBuffer b = Wire.encode(Wire.KIND_FRAME, new byte[] {0, 5, 6, 0}, 1, 2);
        assertArrayEquals(new byte[] {0, 0, 0, 2, 1, 5, 6}, b.array());
        assertEquals(0, b.position());
    }
}
