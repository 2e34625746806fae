package io.chorus.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chorus.api.Address;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.NameConflictException;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The agent's HTTP endpoint on the JDK's built-in server; every answer is JSON but {@code /metrics}'s and the live view's (the README's HTTP table; docs/architecture.md, "Public contracts"):
 * {@code GET /health}, {@code /members}, {@code /stats}, {@code /metrics} (the Prometheus text
 * format: the node's meters and the JVM's, see {@link AgentMetrics}), {@code /ring?key=K&replicas=R} and
 * {@code /ring/shares} ({@link RingShares}), {@code /events} (server-sent events: membership changes
 * and user events), {@code GET /} (the live view, {@link LiveView}: HTML), {@code POST /events/TOPIC}
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
    /** The largest JSON body {@code POST /join} and {@code /tags} take. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** The largest secret {@code POST /keys} takes. */
    static final int MAX_SECRET_BYTES = 4096;
    /** The node option that caps a user event's payload, as the engine declares it. */
    static final Option<Integer> MAX_PAYLOAD = EngineOptions.declared("messaging.max-payload", Integer.class);
    /** The engine's default payload cap. */
    static final int DEFAULT_MAX_PAYLOAD = MAX_PAYLOAD.defaultValue().orElseThrow();
    /** What a topic may be, as {@link Cluster#broadcast} checks it. */
    static final String TOPIC_RULE = "1 to 128 characters from ASCII letters, digits, '.', '_', '-', ':'";

    private final Cluster node;
    private final AgentState state;
    private final int maxPayload;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Map<NodeId, Long> changedAt = new ConcurrentHashMap<>();
    private final long startedAt = System.currentTimeMillis();
    private final Subscription ages;
    private final RingShares shares = new RingShares();
    private final AgentMetrics metrics;
    private volatile boolean closed;

    private AgentHttp(Cluster node, AgentState state, int maxPayload, HttpServer server) {
        this.node = node;
        this.state = state;
        this.maxPayload = maxPayload;
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chorus-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ages = node.subscribe(this::remember);
        this.metrics = new AgentMetrics(node);
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
        return start(node, at, maxPayload, AgentState.of(node));
    }

    /**
     * Serves the node's status and the operator's commands on {@code host:port}.
     *
     * @param maxPayload the largest body {@code POST /events/TOPIC} reads
     * @param state readiness, the bearer token, plugins, and how the process stops after a leave
     * @return the running server
     * @throws ChorusException naming the address when it cannot be bound (in use, or not local)
     */
    static AgentHttp start(Cluster node, AgentArgs.HttpAddress at, int maxPayload, AgentState state) {
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
        AgentHttp http = new AgentHttp(node, state, maxPayload, server);
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
            boolean read = method.equals("GET") || method.equals("HEAD");
            if (!read && !changeAllowed(x)) {
                return;
            }
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
            if (!read) {
                change(x, path, method);
                return;
            }
            if (LiveView.serves(path)) {
                LiveView.serve(x, path);
                return;
            }
            switch (path) {
                case "/health" -> health(x);
                case "/health/live" -> live(x);
                case "/health/ready" -> ready(x);
                case "/members" -> members(x);
                case "/stats" -> stats(x);
                case "/info" -> info(x);
                case "/metrics" -> metrics(x);
                case "/ring" -> ring(x);
                case "/ring/shares" -> send(x, 200, shares.of(node.ring()));
                case "/events" -> events(x);
                case "/join", "/leave", "/tags" -> error(x, 405, "GET is not allowed on " + path + ": use POST");
                default -> error(x, 404, "no such endpoint " + path + ": try " + ENDPOINTS);
            }
        } catch (NotStartedException e) {
            error(x, 503, e.getMessage()); // the node stopped (or is stopping) while answering
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed: {}", x.getRequestMethod(), x.getRequestURI(), e.toString());
            try {
                error(x, 500, e.toString());
            } catch (IOException | RuntimeException ignored) {
                // the answer was already under way
            }
        }
    }

    /** The endpoints that only read. */
    private static final java.util.Set<String> READS = java.util.Set.of("/health", "/health/live", "/health/ready",
            "/members", "/stats", "/metrics", "/info", "/ring", "/ring/shares", "/events");

    /** Every endpoint, for a 404's message. */
    static final String ENDPOINTS = "GET / (the live view), /health, /health/live, /health/ready, /members, /stats, /metrics, /info, /ring?key=K, "
            + "/ring/shares, /events, /keys; POST /events/TOPIC, /join, /leave, /force-leave/NAME, /tags, /keys";

    /**
     * Whether a request that changes something may: with a bearer token set ({@code --http-token-file}),
     * it must carry it, from anywhere; without one, it must come from this machine (loopback). A
     * refusal is answered here (401 or 403).
     */
    private boolean changeAllowed(HttpExchange x) throws IOException {
        Optional<String> token = state.token();
        if (token.isPresent()) {
            String given = Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization")).orElse("");
            byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
            if (java.security.MessageDigest.isEqual(expected, given.strip().getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"chorus\"");
            error(x, 401, given.isEmpty() ? "this agent takes changes only with its bearer token: send Authorization: "
                    + "Bearer TOKEN (chorus commands: --http-token-file FILE)" : "wrong bearer token");
            return false;
        }
        if (x.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return true;
        }
        error(x, 403, "changes are accepted only from this machine (loopback), unless the agent is started with "
                + "--http-token-file");
        return false;
    }

    /** The operator's changes: {@code POST /join}, {@code /leave}, {@code /force-leave/NAME}, {@code /tags}. */
    private void change(HttpExchange x, String path, String method) throws IOException {
        if (READS.contains(path) || LiveView.serves(path)) {
            error(x, 405, method + " is not allowed on " + path + ": use GET"
                    + (path.equals("/events") ? " to stream events, or POST /events/TOPIC to broadcast one" : ""));
            return;
        }
        if (!method.equals("POST")) {
            error(x, 405, method + " is not allowed on " + path + ": use POST");
            return;
        }
        if (path.equals("/join")) {
            join(x);
        } else if (path.equals("/leave")) {
            leave(x);
        } else if (path.startsWith("/force-leave/")) {
            forceLeave(x, path.substring("/force-leave/".length()));
        } else if (path.equals("/tags")) {
            tags(x);
        } else {
            error(x, 404, "no such endpoint POST " + path + ": try " + ENDPOINTS);
        }
    }

    /** @return the request's JSON body, at most {@link #MAX_REQUEST_BYTES}; null after answering 400 or 413 */
    private JsonNode body(HttpExchange x, String shape) throws IOException {
        byte[] body = x.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            error(x, 413, "a request body is at most " + MAX_REQUEST_BYTES + " bytes");
            return null;
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (JacksonException e) {
            error(x, 400, "the body is not valid JSON (" + e.getOriginalMessage() + "): " + shape);
            return null;
        }
        error(x, 400, "the body must be one JSON object: " + shape);
        return null;
    }

    /** {@code POST /join} {@code {"addresses": ["[NAME@]HOST:PORT", ...]}}: join, or merge with, their cluster. */
    private void join(HttpExchange x) throws IOException {
        String shape = "{\"addresses\": [\"[NAME@]HOST:PORT\", ...]}";
        JsonNode body = body(x, shape);
        if (body == null) {
            return;
        }
        JsonNode list = body.path("addresses");
        if (!list.isArray() || list.isEmpty()) {
            error(x, 400, "missing \"addresses\": " + shape);
            return;
        }
        List<Address> addresses = new ArrayList<>();
        for (JsonNode a : list.values()) {
            String text = a.isString() ? a.asString() : a.toString();
            try {
                addresses.add(text.indexOf('@') >= 0 ? NodeId.parse(text).address() : Address.parse(text));
            } catch (InvalidNodeIdException e) {
                error(x, 400, "invalid address '" + text + "': [NAME@]HOST:PORT (" + e.getMessage() + ")");
                return;
            }
        }
        try {
            int joined = node.merge(addresses);
            LOG.info("joined through {} of {} addresses through HTTP", joined, addresses.size());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("joined", joined);
            o.put("alive", node.members().stream().filter(m -> m.state() == MemberState.ALIVE).count());
            send(x, 200, o);
        } catch (JoinTimeoutException e) {
            error(x, 504, e.getMessage());
        } catch (NameConflictException e) {
            error(x, 409, e.getMessage());
        }
    }

    /** {@code POST /leave}: leaves gracefully, answers once the leave has spread, then the agent exits 0. */
    private void leave(HttpExchange x) throws IOException {
        LOG.info("leaving through HTTP");
        node.leave();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", node.localId().toString());
        o.put("status", node.status().name().toLowerCase(Locale.ROOT));
        send(x, 200, o);
        x.close();
        state.stop();
    }

    /** {@code POST /force-leave/NAME}: a DEAD member becomes LEFT now; 200 with the member, 404 or 409 otherwise. */
    private void forceLeave(HttpExchange x, String name) throws IOException {
        try {
            Member m = node.forceLeave(name);
            LOG.info("member {} forced to leave through HTTP", m.id());
            send(x, 200, Json.member(m, age(m, System.currentTimeMillis())));
        } catch (java.util.NoSuchElementException e) {
            error(x, 404, e.getMessage());
        } catch (IllegalStateException e) {
            error(x, 409, e.getMessage());
        }
    }

    /** {@code POST /tags} {@code {"set": {"K": "V"}, "delete": ["K"]}}: changes this node's tags; 200 with them all. */
    private void tags(HttpExchange x) throws IOException {
        String shape = "{\"set\": {\"KEY\": \"VALUE\", ...}, \"delete\": [\"KEY\", ...]}";
        JsonNode body = body(x, shape);
        if (body == null) {
            return;
        }
        JsonNode set = body.path("set");
        JsonNode delete = body.path("delete");
        for (String key : body.propertyNames()) {
            if (!key.equals("set") && !key.equals("delete")) {
                error(x, 400, "unknown key \"" + key + "\": " + shape);
                return;
            }
        }
        if ((!set.isMissingNode() && !set.isObject()) || (!delete.isMissingNode() && !delete.isArray())
                || (set.isMissingNode() && delete.isMissingNode())) {
            error(x, 400, "invalid tag change: " + shape);
            return;
        }
        List<java.util.concurrent.CompletableFuture<Void>> done = new ArrayList<>();
        try {
            for (Map.Entry<String, JsonNode> e : set.properties()) {
                if (!e.getValue().isString()) {
                    error(x, 400, "invalid tag \"" + e.getKey() + "\": its value must be a string");
                    return;
                }
                done.add(node.updateTag(e.getKey(), e.getValue().asString()).toCompletableFuture());
            }
            for (JsonNode k : delete.values()) {
                done.add(node.removeTag(k.asString()).toCompletableFuture());
            }
            java.util.concurrent.CompletableFuture.allOf(done.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        } catch (IllegalArgumentException | InvalidConfigException e) {
            error(x, 400, "invalid tag change: " + e.getMessage());
            return;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            error(x, 503, "the tag change did not complete: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(x, 503, "interrupted");
            return;
        }
        LOG.info("tags changed through HTTP: {}", body);
        send(x, 200, Map.of("tags", new java.util.TreeMap<>(node.localMember().tags())));
    }

    /**
     * The keyring: {@code GET /keys} lists it; {@code POST /keys} installs the secret in the body;
     * {@code POST /keys/ID/promote} makes a key the primary; {@code DELETE /keys/ID} removes one.
     * Changes are guarded as every change is ({@link #changeAllowed}).
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

    /** {@code GET /info}: what {@code chorus info} shows, and how many event streams are open. */
    private void info(HttpExchange x) throws IOException {
        Map<String, Object> o = state.info();
        o.put("http_streams", MAX_STREAMS - streams.availablePermits());
        send(x, 200, o);
    }

    /** {@code GET /health/live}: 200 while the process serves, whatever the node's state. */
    private void live(HttpExchange x) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", "live");
        o.put("node", node.status().name().toLowerCase(Locale.ROOT));
        send(x, 200, o);
    }

    /**
     * {@code GET /health/ready[?quorum=required]}: 200 once the node runs and its join at start is
     * done (and, when asked, it has quorum); else 503 with the reason.
     */
    private void ready(HttpExchange x) throws IOException {
        String want = query(x.getRequestURI().getRawQuery()).getOrDefault("quorum", "any");
        if (!want.equals("any") && !want.equals("required")) {
            error(x, 400, "invalid quorum '" + want + "': any (default) or required");
            return;
        }
        Optional<String> why = state.notReady(want.equals("required"));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", why.isEmpty() ? "ready" : "not ready");
        o.put("id", node.localId().toString());
        why.ifPresent(w -> o.put("reason", w));
        send(x, why.isEmpty() ? 200 : 503, o);
    }

    /** {@code GET /members[?status=S][&tag=K=V]...}: every member, or those in one of the states and with all the tags. */
    private void members(HttpExchange x) throws IOException {
        Map<String, List<String>> q = queryAll(x.getRequestURI().getRawQuery());
        java.util.Set<MemberState> states = java.util.EnumSet.noneOf(MemberState.class);
        for (String s : q.getOrDefault("status", List.of())) {
            Optional<MemberState> st = java.util.Arrays.stream(MemberState.values()).filter(m -> m.name()
                    .equalsIgnoreCase(s)).findFirst();
            if (st.isEmpty()) {
                error(x, 400, "invalid status '" + s + "': one of alive, suspect, dead, left");
                return;
            }
            states.add(st.get());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String t : q.getOrDefault("tag", List.of())) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                error(x, 400, "invalid tag '" + t + "': KEY=VALUE with a non-empty key");
                return;
            }
            tags.put(t.substring(0, eq), t.substring(eq + 1));
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : node.members()) {
            if ((states.isEmpty() || states.contains(m.state())) && m.tags().entrySet().containsAll(tags.entrySet())) {
                out.add(Json.member(m, age(m, now)));
            }
        }
        send(x, 200, out);
    }

    private void stats(HttpExchange x) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", node.status().name().toLowerCase(Locale.ROOT));
        o.put("id", node.localId().toString());
        node.stats().counters().forEach((name, value) -> o.put(Json.snake(name), value));
        o.put("ring_epoch", node.ring().epoch());
        o.put("providers", state.providers());
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

    /** @return every value of each query parameter, in order */
    private static Map<String, List<String>> queryAll(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                q.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), key -> new ArrayList<>())
                        .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                q.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
            }
        }
        return q;
    }

    /** @return the first value of each query parameter */
    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        queryAll(raw).forEach((k, v) -> q.put(k, v.get(0)));
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

    /** {@code GET /metrics}: the Prometheus text format. */
    private void metrics(HttpExchange x) throws IOException {
        byte[] bytes = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", AgentMetrics.CONTENT_TYPE);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(200, head ? -1 : bytes.length);
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
        metrics.close();
    }
}
