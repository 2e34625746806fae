package io.chorus.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A {@code GET /events} stream of a running agent, read on a thread of its own: every event it
 * showed, with the moment it arrived. Open returns once the agent's first line is read, that is
 * once its subscription is live, so nothing published afterwards is missed.
 */
final class EventStream implements AutoCloseable {
    /** One event: its SSE type, its JSON data and {@link System#nanoTime()} when it was read. */
    record Seen(String type, JsonNode data, long atNanos) {
    }

    private final String http;
    private final Socket socket;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private EventStream(String http, Socket socket, BufferedReader in) {
        this.http = http;
        this.socket = socket;
        Thread reader = new Thread(() -> read(in), "events-" + http);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens the stream over a plain socket with HTTP/1.0, so the agent sends it unchunked until the
     * connection closes, and closing the socket ends the reader at once (an
     * {@code HttpURLConnection} would wait for the reader's blocked read, up to a keep-alive).
     *
     * @param http the agent's HOST:PORT
     * @return the open stream
     * @throws IOException if the agent does not answer 200 with a stream
     */
    static EventStream open(String http) throws IOException {
        int colon = http.lastIndexOf(':');
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(http.substring(0, colon), Integer.parseInt(http.substring(colon + 1))), 10_000);
            s.setSoTimeout(60_000); // the agent writes a keep-alive every 15 s
            s.getOutputStream().write(("GET /events HTTP/1.0\r\nHost: " + http + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.matches("HTTP/1\\.[01] 200 .*")) {
                throw new IOException("GET /events on " + http + " answered " + status);
            }
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                // skip to the body
            }
            String first = in.readLine();
            if (first == null || !first.startsWith(": chorus ")) {
                throw new IOException("GET /events on " + http + " began with " + first);
            }
            return new EventStream(http, s, in);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void read(BufferedReader in) {
        String type = "";
        try (in) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event: ")) {
                    type = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    seen.add(new Seen(type, Json.MAPPER.readTree(line.substring("data: ".length())), System.nanoTime()));
                }
            }
            problems.add("the stream ended");
        } catch (IOException | RuntimeException e) {
            problems.add(e.toString());
        }
    }

    /**
     * Waits for an event of a type whose data matches.
     *
     * @return the first such event
     * @throws AssertionError naming what the stream showed when none came within the deadline
     */
    Seen await(String type, Predicate<JsonNode> data, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (Seen s : seen) {
                if (s.type().equals(type) && data.test(s.data())) {
                    return s;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the /events stream of " + http + " showed no matching " + type + " event within "
                        + within.toMillis() + " ms; it showed " + seen + (problems.isEmpty() ? "" : ", then " + problems));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Waits for a {@code user} event on a topic. */
    Seen awaitUser(String topic, Duration within) {
        return await("user", d -> d.path("topic").asString().equals(topic), within);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed anyway
        }
    }
}
