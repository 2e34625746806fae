package io.chorus.transport.tcp;

import static io.chorus.transport.tcp.Transports.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;
import io.chorus.testkit.Await;
import io.chorus.testkit.RecordingReceiver;
import io.chorus.testkit.RecordingReceiver.DeliveryFailure;
import io.chorus.testkit.RecordingReceiver.Message;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refused and broken connections, backoff, connect timeouts and the queue limit. */
class TcpFailureTest {
    private static final int DEADLINE_MILLIS = (int) Await.DEFAULT_DEADLINE.toMillis();

    private final Transports transports = new Transports();

    @AfterEach
    void closeAll() throws IOException {
        transports.close();
    }

    @Test
    void aClosedPortIsReportedAsRefusedForEachMessage() throws IOException {
        RecordingReceiver r = new RecordingReceiver();
        TcpTransport a = transports.open(r);
        Address nobody = Transports.loopback(Transports.closedPort());

        a.sendFrame(nobody, payload(1, 100), 0, 100);
        a.sendPacket(nobody, payload(2, 100), 0, 100);

        assertEquals(new DeliveryFailure(nobody, FailureReason.CONNECTION_REFUSED), r.nextFailure());
        assertEquals(new DeliveryFailure(nobody, FailureReason.CONNECTION_REFUSED), r.nextFailure());
    }

    @Test
    void aPeerThatResetsWithMessagesQueuedIsReportedAsClosed() throws IOException {
        RecordingReceiver r = new RecordingReceiver();
        TcpTransport a = transports.open(r);
        try (ServerSocket peer = new ServerSocket()) {
            peer.setReceiveBufferSize(4096);
            peer.bind(new InetSocketAddress(InetAddress.getByName(Transports.LOOPBACK), 0), 1);
            peer.setSoTimeout(DEADLINE_MILLIS);
            Address to = Transports.loopback(peer.getLocalPort());
            byte[] frame = new byte[4 * 1024 * 1024];
            // 32 MiB: more than the kernel buffers hold while the peer does not read
            for (int i = 0; i < 8; i++) {
                a.sendFrame(to, frame, 0, frame.length);
            }
            try (Socket s = peer.accept()) {
                s.setSoTimeout(DEADLINE_MILLIS);
                assertTrue(s.getInputStream().read() >= 0, "the transport started writing");
                s.setSoLinger(true, 0);
            }
            DeliveryFailure first = r.nextFailure();
            assertEquals(new DeliveryFailure(to, FailureReason.CONNECTION_CLOSED), first);
            List<DeliveryFailure> rest = new ArrayList<>();
            r.failures().drainTo(rest);
            rest.forEach(f -> assertEquals(first, f));
        }
    }

    @Test
    void duringBackoffSendsFailFastWithTheSameReasonAndDoNotDial() throws IOException {
        RecordingReceiver r = new RecordingReceiver();
        TcpTransport a = transports.open(r, Map.of(TcpSettings.RECONNECT_BASE.key(), "10m", TcpSettings.RECONNECT_MAX.key(), "10m"));
        int port = Transports.closedPort();
        Address to = Transports.loopback(port);

        a.sendFrame(to, payload(1, 10), 0, 10);
        assertEquals(new DeliveryFailure(to, FailureReason.CONNECTION_REFUSED), r.nextFailure());
        assertEquals(1, a.dialCount());
        assertEquals(1, a.failuresInARow(to));

        try (ServerSocket listening = new ServerSocket(port, 1, InetAddress.getByName(Transports.LOOPBACK))) {
            for (int i = 0; i < 5; i++) {
                a.sendFrame(to, payload(i, 10), 0, 10);
                a.sendPacket(to, payload(i, 10), 0, 10);
                assertEquals(new DeliveryFailure(to, FailureReason.CONNECTION_REFUSED), r.nextFailure());
                assertEquals(new DeliveryFailure(to, FailureReason.CONNECTION_REFUSED), r.nextFailure());
            }
            assertEquals(1, a.dialCount(), "no dial during the backoff, though the port now listens");
            assertEquals(1, a.failuresInARow(to));
            assertTrue(listening.isBound());
        }
    }

    @Test
    void theFirstSuccessfulConnectClearsTheBackoff() throws IOException {
        // one receiver for both ends, so that each send's one outcome, a failure or the frame, lands in it
        RecordingReceiver recorder = new RecordingReceiver();
        TcpTransport a = transports.open(recorder, Map.of(TcpSettings.RECONNECT_BASE.key(), "10ms", TcpSettings.RECONNECT_MAX.key(), "10ms"));
        int port = Transports.closedPort();
        Address to = Transports.loopback(port);
        DeliveryFailure refused = new DeliveryFailure(to, FailureReason.CONNECTION_REFUSED);
        a.sendFrame(to, payload(0, 10), 0, 10);
        assertEquals(refused, recorder.nextFailure());
        assertEquals(1, a.failuresInARow(to));

        transports.open(recorder, Transports.LOOPBACK, port, Map.of());
        // each send ends in exactly one outcome: a fast failure while the backoff lasts, then delivery
        int fastFailures = 0;
        Object outcome;
        do {
            a.sendFrame(to, payload(7, 10), 0, 10);
            outcome = Await.value("the outcome of a send", () -> Optional.<Object>ofNullable(recorder.failures().poll())
                    .or(() -> Optional.ofNullable(recorder.messages().poll())));
            if (outcome instanceof DeliveryFailure f) {
                assertEquals(refused, f);
                fastFailures++;
            }
        } while (outcome instanceof DeliveryFailure);
        assertTrue(outcome instanceof Message m && m.isFrame() && m.is(payload(7, 10)), String.valueOf(outcome));
        assertTrue(recorder.dropped().isEmpty(), () -> "dropped: " + recorder.dropped());
        assertEquals(2, a.dialCount(), "one refused dial and one that worked; " + fastFailures + " sends failed fast");
        assertEquals(0, a.failuresInARow(to), "the successful connect cleared the backoff");
    }

    @Test
    void aConnectThatTimesOutIsReportedAsClosed() throws IOException {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName(Transports.LOOPBACK))) {
            // never accepted: once the accept queue is full, the kernel ignores further SYNs
            boolean queueFull = false;
            for (int i = 0; i < 8 && !queueFull; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(full.getLocalSocketAddress(), 500);
                } catch (SocketTimeoutException e) {
                    queueFull = true;
                }
            }
            assumeTrue(queueFull, "this system accepts connects beyond the listen backlog, so none can time out");
            RecordingReceiver r = new RecordingReceiver();
            TcpTransport a = transports.open(r, Map.of(TcpSettings.CONNECT_TIMEOUT.key(), "200ms"));
            Address to = Transports.loopback(full.getLocalPort());

            a.sendFrame(to, payload(1, 10), 0, 10);

            assertEquals(new DeliveryFailure(to, FailureReason.CONNECTION_CLOSED), r.nextFailure());
            assertEquals(1, a.failuresInARow(to));
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void aSendOverTheQueueLimitIsDroppedAndReportedAsClosedWhileTheConnectionLives() throws IOException {
        RecordingReceiver r = new RecordingReceiver();
        TcpTransport a = transports.open(r, Map.of(TcpSettings.MAX_FRAME_BYTES.key(), "65536",
                TcpSettings.MAX_QUEUED_BYTES.key(), "131072"));
        try (ServerSocket peer = new ServerSocket()) {
            peer.setReceiveBufferSize(4096);
            peer.bind(new InetSocketAddress(InetAddress.getByName(Transports.LOOPBACK), 0), 1);
            peer.setSoTimeout(DEADLINE_MILLIS);
            Address to = Transports.loopback(peer.getLocalPort());
            byte[] frame = payload(3, 60_000);
            DeliveryFailure failure = null;
            for (int i = 0; i < 2000 && failure == null; i++) {
                a.sendFrame(to, frame, 0, frame.length);
                failure = r.failures().poll();
            }
            if (failure == null) {
                failure = r.nextFailure();
            }
            assertEquals(new DeliveryFailure(to, FailureReason.CONNECTION_CLOSED), failure);

            try (Socket s = peer.accept()) {
                s.setSoTimeout(DEADLINE_MILLIS);
                DataInputStream in = new DataInputStream(s.getInputStream());
                assertEquals(60_000, in.readInt(), "the connection still carries the first frame");
                assertEquals(Wire.KIND_FRAME, in.readByte());
                byte[] first = new byte[60_000];
                in.readFully(first);
                assertArrayEquals(frame, first);
            }
            assertEquals(1, a.dialCount());
        }
    }
}
