package io.chorus.transport.tcp;

import static io.chorus.transport.tcp.Transports.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.testkit.Await;
import io.chorus.testkit.RecordingReceiver;
import io.chorus.testkit.RecordingReceiver.Kind;
import io.chorus.testkit.RecordingReceiver.Message;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Raw sockets against a transport: bad input closes only its own connection; idle connections close. */
class TcpFramingTest {
    private static final int DEADLINE_MILLIS = (int) Await.DEFAULT_DEADLINE.toMillis();

    private final Transports transports = new Transports();

    @AfterEach
    void closeAll() throws IOException {
        transports.close();
    }

    static Stream<Arguments> badStreams() {
        return Stream.of(
                Arguments.of("garbage bytes", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("an unknown kind", concat(header(3, 7), new byte[] {1, 2, 3})),
                Arguments.of("an oversized length prefix", header(8 * 1024 * 1024 + 1, Wire.KIND_FRAME)),
                Arguments.of("a length prefix over 2^31", header(0xFFFF_FFF0, Wire.KIND_FRAME)),
                Arguments.of("a truncated payload", concat(header(100, Wire.KIND_FRAME), new byte[10])),
                Arguments.of("a truncated header", new byte[] {0, 0, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStreams")
    void aBadStreamClosesOnlyItsConnectionAndIsReportedAsDropped(String what, byte[] bytes) throws IOException {
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport a = transports.open(new RecordingReceiver());
        TcpTransport b = transports.open(rb);
        a.sendFrame(b.localAddress(), payload(1, 100), 0, 100);
        assertArrayEquals(payload(1, 100), rb.next().data());

        try (Socket raw = connect(b)) {
            raw.getOutputStream().write(bytes);
            raw.shutdownOutput();
            assertEquals(new Address(Transports.LOOPBACK, raw.getLocalPort()), rb.nextDropped(), what);
            assertClosedByPeer(raw);
        }

        a.sendFrame(b.localAddress(), payload(2, 100), 0, 100);
        a.sendPacket(b.localAddress(), payload(3, 100), 0, 100);
        assertArrayEquals(payload(2, 100), rb.next().data(), "a well-behaved peer keeps working");
        assertArrayEquals(payload(3, 100), rb.next().data());
        assertEquals(1, a.dialCount(), "its connection was never broken");
        assertEquals(2, b.acceptCount());
        assertTrue(rb.dropped().isEmpty());
    }

    @Test
    void aPacketOverThisNodesBudgetIsDroppedAndTheConnectionKept() throws IOException {
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport b = transports.open(rb);
        try (Socket raw = connect(b)) {
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.write(header(1401, Wire.KIND_PACKET));
            out.write(new byte[1401]);
            out.write(header(1400, Wire.KIND_PACKET));
            out.write(payload(5, 1400));
            out.write(header(0, Wire.KIND_FRAME));
            out.flush();

            assertEquals(new Address(Transports.LOOPBACK, raw.getLocalPort()), rb.nextDropped());
            Message packet = rb.next();
            assertEquals(Kind.PACKET, packet.kind());
            assertArrayEquals(payload(5, 1400), packet.data());
            Message empty = rb.next();
            assertEquals(Kind.FRAME, empty.kind());
            assertEquals(0, empty.data().length);
        }
    }

    @Test
    void messagesSplitIntoSingleBytesAreReassembled() throws IOException {
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport b = transports.open(rb);
        byte[] stream = concat(concat(header(3, Wire.KIND_FRAME), new byte[] {7, 8, 9}),
                concat(header(2, Wire.KIND_PACKET), new byte[] {4, 5}));
        try (Socket raw = connect(b)) {
            raw.setTcpNoDelay(true);
            for (byte x : stream) {
                raw.getOutputStream().write(x);
                raw.getOutputStream().flush();
            }
            assertArrayEquals(new byte[] {7, 8, 9}, rb.next().data());
            assertArrayEquals(new byte[] {4, 5}, rb.next().data());
        }
    }

    @Test
    void anIdleOutboundConnectionIsClosedAndTheNextSendDialsAgain() throws IOException {
        RecordingReceiver r = new RecordingReceiver();
        TcpTransport a = transports.open(r, Map.of(TcpSettings.IDLE_TIMEOUT.key(), "1s"));
        try (ServerSocket peer = new ServerSocket(0, 8, InetAddress.getByName(Transports.LOOPBACK))) {
            peer.setSoTimeout(DEADLINE_MILLIS);
            Address to = Transports.loopback(peer.getLocalPort());

            a.sendFrame(to, payload(1, 10), 0, 10);
            try (Socket s = peer.accept()) {
                s.setSoTimeout(DEADLINE_MILLIS);
                assertArrayEquals(payload(1, 10), readFrame(s));
                assertEquals(-1, s.getInputStream().read(), "the idle connection was closed");
            }

            a.sendFrame(to, payload(2, 10), 0, 10);
            try (Socket s = peer.accept()) {
                s.setSoTimeout(DEADLINE_MILLIS);
                assertArrayEquals(payload(2, 10), readFrame(s));
            }
            assertEquals(2, a.dialCount());
            assertEquals(0, a.failuresInARow(to), "an idle close is no failure");
            assertTrue(r.failures().isEmpty());
        }
    }

    @Test
    void anIdleInboundConnectionIsClosed() throws IOException {
        RecordingReceiver rb = new RecordingReceiver();
        TcpTransport b = transports.open(rb, Map.of(TcpSettings.IDLE_TIMEOUT.key(), "1s"));
        try (Socket raw = connect(b)) {
            raw.getOutputStream().write(concat(header(1, Wire.KIND_FRAME), new byte[] {42}));
            assertArrayEquals(new byte[] {42}, rb.next().data());
            assertEquals(-1, raw.getInputStream().read(), "the idle connection was closed");
        }
        assertTrue(rb.dropped().isEmpty(), "an idle close at a message boundary drops nothing");
    }

    private static Socket connect(TcpTransport t) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getByName(Transports.LOOPBACK), t.localAddress().port()), DEADLINE_MILLIS);
        s.setSoTimeout(DEADLINE_MILLIS);
        return s;
    }

    private static void assertClosedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            assertEquals(-1, in.read(), "the transport closed the connection");
        } catch (SocketException reset) {
            // closed with unread bytes: the kernel answered with a reset, which is a close too
        }
    }

    private static byte[] readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        assertEquals(Wire.KIND_FRAME, in.readByte());
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    static byte[] header(int length, int kind) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) kind};
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
