package io.chorus.benchmarks;

import io.chorus.api.Chorus;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterStats;
import io.chorus.api.MemberState;
import io.chorus.api.Message;
import io.chorus.api.MessageHandler;
import io.chorus.api.NodeId;
import io.chorus.api.Secret;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests between two real nodes in one JVM on loopback: each node is built by
 * {@link Chorus#create} with the default transports found on the class path (UDP for packets, TCP
 * for frames) and the default (LAN) profile, the client joins through the server, and both wait
 * until each sees the other ALIVE. The server answers topic {@value #TOPIC} with the request's
 * payload. With {@link #signed}, both nodes share a secret and every packet and frame is signed
 * with the {@code hmac} signer.
 *
 * <p>{@link #requestLatency} sends one request at a time (sample mode: the JSON holds p50, p99 and
 * p99.9); {@link #requestThroughput} keeps a window of {@value #WINDOW} requests in flight per
 * invocation and reports requests per second; {@link #sendThroughput} sends {@value #WINDOW}
 * messages per invocation to a handler that counts them and reports messages handled per second.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar Messaging -prof gc}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MessagingBenchmark {
    /** The requests the throughput benchmark keeps in flight. */
    static final int WINDOW = 64;
    private static final String TOPIC = "echo";
    private static final String SINK = "sink";
    private static final long STALL_S = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long CONVERGENCE_S = 30;

    /** Whether both nodes sign their traffic (one shared secret, the {@code hmac} signer). */
    @Param({"false", "true"})
    public boolean signed;

    /** The request's payload, and so the reply's, in bytes. */
    @Param({"64", "1024"})
    public int payloadBytes;

    private Cluster server;
    private Cluster client;
    private NodeId serverId;
    private byte[] payload;
    private final Semaphore sunk = new Semaphore(0);

    /** Starts both nodes, joins them, and registers the echo handler on the server. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        payload = new byte[payloadBytes];
        new SplittableRandom(1).nextBytes(payload);
        server = node("server");
        client = node("client");
        serverId = server.localId();
        client.join(List.of(serverId.address()));
        NodeId clientId = client.localId();
        await("the client sees the server ALIVE", () -> alive(client, serverId));
        await("the server sees the client ALIVE", () -> alive(server, clientId));
        server.handle(TOPIC, Message::payload);
        server.handle(SINK, MessageHandler.consuming(m -> sunk.release()));
        Message reply = client.request(serverId, TOPIC, payload, TIMEOUT).get();
        if (!Arrays.equals(reply.payload(), payload) || !reply.sender().equals(serverId)) {
            throw new IllegalStateException("the echo came back wrong: " + reply);
        }
    }

    /** Closes both nodes, the client first. */
    @TearDown(Level.Trial)
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * One request and its reply, one at a time.
     *
     * @return the reply
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Message requestLatency() throws InterruptedException, ExecutionException {
        return client.request(serverId, TOPIC, payload, TIMEOUT).get();
    }

    /**
     * {@value #WINDOW} requests issued at once, then each reply waited for; the score is requests
     * per second.
     *
     * @return the reply bytes received, checked, so the work is not dead code
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    public long requestThroughput() throws InterruptedException, ExecutionException {
        @SuppressWarnings("unchecked")
        CompletableFuture<Message>[] window = new CompletableFuture[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            window[i] = client.request(serverId, TOPIC, payload, TIMEOUT);
        }
        long bytes = 0;
        for (CompletableFuture<Message> reply : window) {
            bytes += reply.get().size();
        }
        if (bytes != (long) WINDOW * payloadBytes) {
            throw new IllegalStateException("the echoes carried " + bytes + " bytes, not " + WINDOW + " x " + payloadBytes);
        }
        return bytes;
    }

    /**
     * {@value #WINDOW} messages sent with {@link Cluster#send}, then waited for until the server's
     * handler has run for each; the score is messages handled per second. Sends are best effort:
     * a batch not all handled within 5 s fails the benchmark, with the server's drop counters.
     *
     * @return the messages handled
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    public int sendThroughput() throws InterruptedException {
        for (int i = 0; i < WINDOW; i++) {
            client.send(serverId, SINK, payload);
        }
        // blocks rather than spins: on a small machine a spinning waiter takes a core from the nodes
        if (!sunk.tryAcquire(WINDOW, STALL_S, TimeUnit.SECONDS)) {
            ClusterStats stats = server.stats();
            throw new IllegalStateException((WINDOW - sunk.availablePermits()) + " of " + WINDOW
                    + " messages did not reach the handler within " + STALL_S + " s; server: userRejected "
                    + stats.userRejected() + ", dropped " + stats.dropped() + ", rejected " + stats.rejected());
        }
        return WINDOW;
    }

    private Cluster node(String name) {
        ClusterConfig.Builder b = ClusterConfig.builder(name).bind("127.0.0.1", 0);
        if (signed) {
            b.secret(Secret.ofText("a benchmark secret of 32 bytes!!"));
        }
        ClusterConfig config = b.build();
        for (int attempt = 1; ; attempt++) {
            Cluster n = Chorus.create(config);
            try {
                return n.start();
            } catch (ChorusException e) {
                n.close();
                // the UDP port the system picked can be taken for TCP by another process on the machine
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("cannot bind")) {
                    throw e;
                }
            }
        }
    }

    private static boolean alive(Cluster viewer, NodeId other) {
        return viewer.member(other).map(m -> m.state() == MemberState.ALIVE).orElse(false);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONVERGENCE_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + CONVERGENCE_S + " s waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
