package io.chorus.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.KeyringException;
import io.chorus.api.Secret;
import io.chorus.api.ClusterEvent;
import io.chorus.api.ClusterStatus;
import io.chorus.api.Encryption;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.MessagingException;
import io.chorus.api.NodeId;
import io.chorus.api.NotStartedException;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.Subscription;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoint on the JDK's built-in server; every answer is JSON (the README's HTTP table; docs/architecture.md, "Public contracts"):
 * {@code GET /health}, {@code /members}, {@code /stats}, {@code /ring?key=K&replicas=R} and
 * {@code /events} (server-sent events: membership changes and user events), {@code POST /events/TOPIC}
 * (the body is broadcast to the cluster as a user event; {@code ?coalesce=true} lets a newer event
 * of the topic replace one still spreading), and the keyring and the encryption mode under
 * {@code /keys} ({@code /keys/encryption}). Unknown paths get
 * 404 and wrong methods 405, each with {@code {"error": ...}}.
 */
final class AgentHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttp.class);
    /** How many {@code /events} streams may be open at once. */
    static final int MAX_STREAMS = 64;
    /** Events a stream may fall behind by before it is closed. */
    static final int STREAM_BACKLOG = 4096;
    /** How many bytes of user event payloads one {@code /events} client may fall behind by. */
    static final long STREAM_BACKLOG_BYTES = 64L * 1024 * 1024;
    private static final long KEEP_ALIVE_MS = 15_000;
    /** The largest secret {@code POST /keys} takes. */
    static final int MAX_SECRET_BYTES = 4096;
    /** The node option that caps a user event's payload, as the engine declares it. */
    static final Option<Integer> MAX_PAYLOAD = EngineOptions.declared("messaging.max-payload", Integer.class);
    /** The engine's default payload cap. */
    static final int DEFAULT_MAX_PAYLOAD = MAX_PAYLOAD.defaultValue().orElseThrow();
    /** What a topic may be, as {@link Cluster#broadcast} checks it. */
    static final String TOPIC_RULE = "1 to 128 characters from ASCII letters, digits, '.', '_', '-', ':'";

    private final Cluster node;
    private final int maxPayload;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Map<NodeId, Long> changedAt = new ConcurrentHashMap<>();
    private final long startedAt = System.currentTimeMillis();
    private final Subscription ages;
    private volatile boolean closed;

    private AgentHttp(Cluster node, int maxPayload, HttpServer server) {
        this.node = node;
        this.maxPayload = maxPayload;
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chorus-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ages = node.subscribe(this::remember);
        server.setExecutor(workers);
        server.createContext("/", this::route);
    }

    /**
     * Serves the node's status on {@code host:port}, taking user events of up to
     * {@link #DEFAULT_MAX_PAYLOAD} bytes.
     *
     * @return the running server
     * @throws ChorusException naming the address when it cannot be bound (in use, or not local)
     */
    static AgentHttp start(Cluster node, AgentArgs.HttpAddress at) {
        return start(node, at, DEFAULT_MAX_PAYLOAD);
    }

    /**
     * Serves the node's status on {@code host:port}.
     *
     * @param maxPayload the largest body {@code POST /events/TOPIC} reads (the node's
     *     {@code messaging.max-payload}); a longer one is answered 413 without being buffered
     * @return the running server
     * @throws ChorusException naming the address when it cannot be bound (in use, or not local)
     */
    static AgentHttp start(Cluster node, AgentArgs.HttpAddress at, int maxPayload) {
        if (maxPayload < 0 || maxPayload == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxPayload " + maxPayload + ": from 0 to " + (Integer.MAX_VALUE - 1));
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(at.host(), at.port()), 64);
        } catch (BindException e) {
            throw new ChorusException("cannot serve HTTP on " + at + " (--http): the port is in use or the address is "
                    + "not on this machine (" + e.getMessage() + "); pick another --http", e);
        } catch (IOException e) {
            throw new ChorusException("cannot serve HTTP on " + at + " (--http): " + e, e);
        }
        AgentHttp http = new AgentHttp(node, maxPayload, server);
        server.start();
        return http;
    }

    /**
     * @param options the node's options
     * @return the node's {@code messaging.max-payload}, else the default when the value is bad (the
     *     node itself reports it, at {@code Chorus.create})
     */
    static int maxPayload(Options options) {
        try {
            return MAX_PAYLOAD.read(options);
        } catch (InvalidConfigException e) {
            return DEFAULT_MAX_PAYLOAD;
        }
    }

    /** @return the port the server listens on (useful with port 0) */
    int port() {
        return server.getAddress().getPort();
    }

    /** Notes when each member's state last changed, for the {@code age_ms} of {@code /members}. */
    private void remember(ClusterEvent e) {
        if (e instanceof ClusterEvent.MemberUpdated u && u.previous().state() == u.current().state()) {
            return; // a tag change: the state's age goes on
        }
        Json.subject(e).ifPresent(m -> changedAt.put(m.id(), System.currentTimeMillis()));
    }

    private long age(Member m, long now) {
        if (m.id().equals(node.localId())) {
            return now - startedAt;
        }
        return now - changedAt.computeIfAbsent(m.id(), id -> now);
    }

    private void route(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (path.equals("/keys") || path.startsWith("/keys/")) {
                keys(x, path, method);
                return;
            }
            if (path.startsWith("/events/")) {
                if (!method.equals("POST")) {
                    error(x, 405, "use POST to broadcast a user event on " + path);
                } else {
                    broadcast(x, path.substring("/events/".length()));
                }
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                error(x, 405, method + " is not allowed on " + path + ": use GET"
                        + (path.equals("/events") ? " to stream events, or POST /events/TOPIC to broadcast one" : ""));
                return;
            }
            switch (path) {
                case "/health" -> health(x);
                case "/members" -> send(x, 200, members());
                case "/stats" -> stats(x);
                case "/ring" -> ring(x);
                case "/events" -> events(x);
                default -> error(x, 404, "no such endpoint " + path + ": try /health, /members, /stats, /ring?key=K, /events, "
                        + "POST /events/TOPIC");
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed: {}", x.getRequestMethod(), x.getRequestURI(), e.toString());
            try {
                error(x, 500, e.toString());
            } catch (IOException | RuntimeException ignored) {
                // the answer was already under way
            }
        }
    }

    /**
     * The keyring: {@code GET /keys} lists it; {@code POST /keys} installs the secret in the body;
     * {@code POST /keys/ID/promote} makes a key the primary; {@code DELETE /keys/ID} removes one.
     * Changes are accepted only from loopback, since they carry or retire cluster secrets.
     */
    private void keys(HttpExchange x, String path, String method) throws IOException {
        Optional<Keyring> keyring = node.keyring();
        if (keyring.isEmpty()) {
            error(x, 404, "this node signs nothing: start it with --secret-file (or " + AgentArgs.SECRET_ENV + ") to have a "
                    + "keyring");
            return;
        }
        String[] parts = path.substring(1).split("/", -1);
        boolean encryption = parts.length >= 2 && parts[1].equals("encryption");
        boolean read = method.equals("GET") && (parts.length == 1 || (encryption && parts.length == 2));
        if (!read && !x.getRemoteAddress().getAddress().isLoopbackAddress()) {
            error(x, 403, "keyring changes are accepted only from this machine (loopback)");
            return;
        }
        Keyring ring = keyring.get();
        try {
            if (read) {
                send(x, 200, encryption ? encryption() : keyList(ring));
            } else if (encryption && method.equals("POST") && parts.length == 3) {
                Encryption mode;
                try {
                    mode = Encryption.parse(parts[2]);
                } catch (InvalidConfigException e) {
                    error(x, 400, "invalid encryption mode '" + parts[2] + "': " + e.allowed());
                    return;
                }
                node.encryption(mode);
                LOG.info("encryption {} through HTTP", mode.id());
                send(x, 200, encryption());
            } else if (method.equals("POST") && parts.length == 1) {
                byte[] body = x.getRequestBody().readNBytes(MAX_SECRET_BYTES + 1);
                if (body.length > MAX_SECRET_BYTES) {
                    error(x, 413, "a secret is at most " + MAX_SECRET_BYTES + " bytes");
                    return;
                }
                KeyInfo installed = ring.install(Secret.of(body));
                java.util.Arrays.fill(body, (byte) 0);
                LOG.info("key {} installed through HTTP", installed.id());
                send(x, 201, Map.of("id", installed.id(), "primary", installed.primary()));
            } else if (method.equals("POST") && parts.length == 3 && parts[2].equals("promote")) {
                ring.promote(parts[1]);
                LOG.info("key {} promoted to primary through HTTP", parts[1]);
                send(x, 200, keyList(ring));
            } else if (method.equals("DELETE") && parts.length == 2) {
                ring.remove(parts[1]);
                LOG.info("key {} removed through HTTP", parts[1]);
                send(x, 200, keyList(ring));
            } else {
                error(x, 405, method + " " + path + " is not a keyring operation: GET /keys, POST /keys (body: the secret), "
                        + "POST /keys/ID/promote, DELETE /keys/ID, GET /keys/encryption, POST /keys/encryption/MODE");
            }
        } catch (KeyringException e) {
            error(x, 409, e.getMessage());
        } catch (InvalidConfigException e) {
            error(x, 400, "invalid secret: " + e.allowed());
        }
    }

    /**
     * {@code POST /events/TOPIC}: broadcasts the body as a user event; 202 {@code {"topic","bytes"}}.
     * A body longer than the node takes is answered 413 after reading at most one byte past the
     * limit (at once when its Content-Length says so).
     *
     * @param topic the path segment after {@code /events/}, already percent-decoded
     */
    private void broadcast(HttpExchange x, String topic) throws IOException {
        String coalesceText = query(x.getRequestURI().getRawQuery()).getOrDefault("coalesce", "false");
        boolean coalesce;
        if (coalesceText.equals("true")) {
            coalesce = true;
        } else if (coalesceText.equals("false")) {
            coalesce = false;
        } else {
            error(x, 400, "invalid coalesce '" + coalesceText + "': true or false");
            return;
        }
        String length = x.getRequestHeaders().getFirst("Content-Length");
        if (length != null && declaredLength(length) > maxPayload) {
            tooLarge(x, topic);
            return;
        }
        byte[] body = x.getRequestBody().readNBytes(maxPayload + 1);
        if (body.length > maxPayload) {
            tooLarge(x, topic);
            return;
        }
        try {
            node.broadcast(topic, body, coalesce);
        } catch (IllegalArgumentException e) {
            String shown = topic.length() > 64 ? topic.substring(0, 64) + "... (" + topic.length() + " characters)" : topic;
            error(x, 400, "invalid topic '" + shown + "': " + TOPIC_RULE);
            return;
        } catch (MessagingException e) {
            if (e.reason() == MessagingException.Reason.TOO_LARGE) {
                error(x, 413, e.getMessage());
            } else {
                if (e.reason() == MessagingException.Reason.REJECTED) {
                    x.getResponseHeaders().set("Retry-After", "1");
                }
                error(x, 503, e.getMessage());
            }
            return;
        } catch (NotStartedException e) {
            error(x, 503, e.getMessage());
            return;
        } catch (UnsupportedOperationException e) {
            error(x, 501, "this node cannot broadcast user events: " + e.getMessage());
            return;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("topic", topic);
        o.put("bytes", body.length);
        send(x, 202, o);
    }

    private void tooLarge(HttpExchange x, String topic) throws IOException {
        error(x, 413, "the user event for topic '" + topic + "' is larger than this node takes: at most " + maxPayload
                + " bytes (" + MAX_PAYLOAD.key() + ")");
    }

    /** @return the Content-Length as a number; -1 when it is not one (the body is then read and counted) */
    private static long declaredLength(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Map<String, Object> keyList(Keyring ring) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (KeyInfo k : ring.keys()) {
            keys.add(Map.of("id", k.id(), "primary", k.primary()));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("keys", keys);
        o.put("encryption", node.encryption().id());
        return o;
    }

    /** @return the encryption mode, what it sends and accepts, and what the node's traffic is */
    private Map<String, Object> encryption() {
        Encryption mode = node.encryption();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("encryption", mode.id());
        o.put("traffic", traffic());
        o.put("sends", mode.sendsSealed() ? "sealed" : "signed");
        o.put("accepts", mode.acceptsSealed() && mode.acceptsSigned() ? List.of("sealed", "signed")
                : List.of(mode.acceptsSealed() ? "sealed" : "signed"));
        return o;
    }

    /**
     * @return what this node's traffic is on the wire: {@code sealed}, {@code signed} or {@code plain}
     *     (no secret: an agent with a secret always has a keyring)
     */
    private String traffic() {
        if (node.keyring().isEmpty()) {
            return "plain";
        }
        return node.encryption().sendsSealed() ? "sealed" : "signed";
    }

    private void health(HttpExchange x) throws IOException {
        ClusterStatus status = node.status();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", status.name().toLowerCase(Locale.ROOT));
        o.put("id", node.localId().toString());
        long alive = node.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
        o.put("alive", alive);
        o.put("uptime_ms", System.currentTimeMillis() - startedAt);
        boolean running = status == ClusterStatus.RUNNING;
        boolean quorum = running && node.hasQuorum();
        o.put("quorum", quorum);
        o.put("coordinator", running ? node.coordinator().map(m -> m.id().toString()).orElse(null) : null);
        o.put("traffic", traffic());
        String want = query(x.getRequestURI().getRawQuery()).getOrDefault("quorum", "any");
        if (!want.equals("any") && !want.equals("required")) {
            error(x, 400, "invalid quorum '" + want + "': any (default) or required");
            return;
        }
        // ?quorum=required: a load balancer's check that takes a node without quorum out of rotation
        send(x, running && (quorum || want.equals("any")) ? 200 : 503, o);
    }

    private List<Map<String, Object>> members() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : node.members()) {
            out.add(Json.member(m, age(m, now)));
        }
        return out;
    }

    private void stats(HttpExchange x) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", node.status().name().toLowerCase(Locale.ROOT));
        o.put("id", node.localId().toString());
        node.stats().counters().forEach((name, value) -> o.put(Json.snake(name), value));
        o.put("ring_epoch", node.ring().epoch());
        o.put("traffic", traffic());
        o.put("encryption", node.encryption().id());
        send(x, 200, o);
    }

    private void ring(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        String key = q.get("key");
        if (key == null || key.isEmpty()) {
            error(x, 400, "missing query parameter key: GET /ring?key=K[&replicas=R]");
            return;
        }
        int replicas = 1;
        String r = q.get("replicas");
        if (r != null) {
            try {
                replicas = Integer.parseInt(r);
            } catch (NumberFormatException e) {
                replicas = 0;
            }
            if (replicas < 1 || replicas > 1024) {
                error(x, 400, "invalid replicas '" + r + "': a whole number from 1 to 1024");
                return;
            }
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> owners = new ArrayList<>();
        for (Member m : node.ring().owners(key, replicas)) {
            owners.add(Json.member(m, age(m, now)));
        }
        x.getResponseHeaders().set("Chorus-Ring-Epoch", Long.toString(node.ring().epoch()));
        send(x, 200, owners);
    }

    private void events(HttpExchange x) throws IOException {
        if (!streams.tryAcquire()) {
            error(x, 503, "too many event streams open (at most " + MAX_STREAMS + ")");
            return;
        }
        BlockingQueue<ClusterEvent> queue = new ArrayBlockingQueue<>(STREAM_BACKLOG);
        java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean behind = new java.util.concurrent.atomic.AtomicBoolean();
        Subscription sub = node.subscribe(e -> {
            long size = e instanceof ClusterEvent.UserEvent u ? u.size() : 0;
            if (behind.get()) {
                return;
            }
            if (queuedBytes.get() + size > STREAM_BACKLOG_BYTES || !queue.offer(e)) {
                behind.set(true);
                LOG.warn("an /events client fell {} events or {} MiB behind; closing its stream", STREAM_BACKLOG,
                        STREAM_BACKLOG_BYTES >> 20);
            } else {
                queuedBytes.addAndGet(size);
            }
        });
        try {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write((": chorus " + node.localId() + "\nretry: 1000\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed) {
                ClusterEvent e = behind.get() ? null : queue.poll(KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
                if (behind.get()) {
                    break;
                }
                if (e instanceof ClusterEvent.UserEvent u) {
                    queuedBytes.addAndGet(-u.size());
                }
                String chunk = e == null ? ": keep-alive\n\n"
                        : "event: " + Json.eventType(e) + "\ndata: " + Json.write(Json.event(e)) + "\n\n";
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("an /events client went away: {}", e.toString());
        } finally {
            sub.close();
            streams.release();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                q.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                q.putIfAbsent(k, v);
            }
        }
        return q;
    }

    private static void error(HttpExchange x, int code, String message) throws IOException {
        send(x, code, Map.of("error", message));
    }

    private static void send(HttpExchange x, int code, Object body) throws IOException {
        byte[] bytes = (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            x.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        ages.close();
        server.stop(0);
        workers.shutdownNow();
    }
}
