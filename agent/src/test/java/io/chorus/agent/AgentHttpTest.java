package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Options;
import io.chorus.api.Profile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The agent's HTTP endpoint over a real socket, on two real nodes in this JVM. */
class AgentHttpTest {
    private final List<Cluster> nodes = new ArrayList<>();
    private AgentHttp http;
    private String base;

    private record Answer(int code, String contentType, String body, String epoch) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    @BeforeEach
    void twoNodesAndAServer() {
        for (int i = 0; i < 2; i++) {
            ClusterConfig c = ClusterConfig.builder("h" + i).profile(Profile.LOCAL).bind("127.0.0.1", 0).tag("zone", "z" + i)
                    .build();
            nodes.add(Chorus.create(c).start());
        }
        nodes.get(1).join(List.of(nodes.get(0).localId().address()));
        awaitAlive(2);
        http = AgentHttp.start(nodes.get(0), new AgentArgs.HttpAddress("127.0.0.1", 0));
        base = "http://127.0.0.1:" + http.port();
    }

    @AfterEach
    void closeAll() {
        if (http != null) {
            http.close();
        }
        nodes.forEach(Cluster::close);
    }

    private void awaitAlive(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodes.stream().anyMatch(c -> c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count() != n
                || c.ring().members().size() != n)) {
            assertTrue(System.nanoTime() < deadline, "the cluster did not converge");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private Answer call(String method, String path) throws IOException {
        return call(method, path, "hello".getBytes(StandardCharsets.UTF_8));
    }

    /** @param body sent with POST (with a Content-Length) */
    private Answer call(String method, String path, byte[] body) throws IOException {
        return call(base, method, path, body, false);
    }

    /** @param chunked send the body without a Content-Length, so the server has to count it */
    private static Answer call(String base, String method, String path, byte[] body, boolean chunked) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            if (chunked) {
                c.setChunkedStreamingMode(4096);
            } else {
                c.setFixedLengthStreamingMode(body.length);
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int code = c.getResponseCode();
        InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(code, c.getContentType(), text, String.valueOf(c.getHeaderField("Chorus-Ring-Epoch")));
    }

    @Test
    void healthIs200WhileRunningAnd503Afterwards() throws IOException {
        Answer a = call("GET", "/health");
        assertEquals(200, a.code());
        assertEquals("application/json; charset=utf-8", a.contentType());
        assertEquals("running", a.json().path("status").asString());
        assertEquals(nodes.get(0).localId().toString(), a.json().path("id").asString());
        assertEquals(2, a.json().path("alive").asInt());
        assertTrue(a.json().path("quorum").asBoolean(), a.body());
        assertEquals(nodes.get(0).coordinator().orElseThrow().id().toString(), a.json().path("coordinator").asString());
        assertEquals(200, call("GET", "/health?quorum=required").code(), "with quorum, a load balancer's check passes");
        Answer bad = call("GET", "/health?quorum=maybe");
        assertEquals(400, bad.code());
        assertTrue(bad.body().contains("maybe"), bad.body());
        nodes.get(0).close();
        Answer after = call("GET", "/health");
        assertEquals(503, after.code());
        assertEquals("stopped", after.json().path("status").asString());
    }

    @Test
    void membersFollowTheContract() throws IOException {
        JsonNode members = call("GET", "/members").json();
        assertTrue(members.isArray());
        assertEquals(2, members.size());
        Set<String> names = new TreeSet<>();
        for (JsonNode m : members.values()) {
            for (String field : List.of("id", "name", "host", "port", "state", "incarnation", "tags", "age_ms")) {
                assertTrue(m.has(field), "member lacks " + field + ": " + m);
            }
            assertEquals(m.path("name").asString() + "@" + m.path("host").asString() + ":" + m.path("port").asInt(),
                    m.path("id").asString());
            assertEquals("ALIVE", m.path("state").asString());
            assertTrue(m.path("port").isInt() && m.path("incarnation").isNumber());
            assertTrue(m.path("tags").path("zone").asString().startsWith("z"));
            names.add(m.path("name").asString());
        }
        assertEquals(Set.of("h0", "h1"), names, "the local node is listed too");
        String table = MembersCommand.table(members);
        assertTrue(table.startsWith("NAME"), table);
        assertTrue(table.contains("h0") && table.contains("h1") && table.contains("zone=z1"), table);
    }

    @Test
    void statsAreSnakeCaseNumbers() throws IOException {
        JsonNode s = call("GET", "/stats").json();
        assertEquals("running", s.path("status").asString());
        for (String field : List.of("alive", "messages_in", "messages_out", "bytes_in", "rejected", "probes", "health_score")) {
            assertTrue(s.path(field).isNumber(), field + " in " + s);
        }
        assertEquals(2, s.path("alive").asInt());
    }

    @Test
    void ringAnswersTheOwnersInRingOrderAsTheNodeSeesThem() throws IOException {
        for (String key : List.of("user:1", "cart/42", "ünïcode key")) {
            String encoded = java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
            Answer a = call("GET", "/ring?key=" + encoded + "&replicas=2");
            assertEquals(200, a.code(), a.body());
            List<String> expected = nodes.get(0).ring().owners(key, 2).stream().map(Member::name).toList();
            List<String> got = new ArrayList<>();
            a.json().values().forEach(m -> got.add(m.path("name").asString()));
            assertEquals(expected, got, key);
            assertEquals(Long.toString(nodes.get(0).ring().epoch()), a.epoch());
            assertEquals(expected.get(0), call("GET", "/ring?key=" + encoded).json().path(0).path("name").asString());
        }
    }

    @Test
    void theLiveViewIsServedWithItsTypesAndAPolicyThatAllowsOnlySelf() throws IOException {
        Map<String, String> types = Map.of("/", "text/html; charset=utf-8", "/ui/view.js", "text/javascript; charset=utf-8",
                "/ui/view.css", "text/css; charset=utf-8", "/ui/icon.svg", "image/svg+xml");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + e.getKey()).toURL().openConnection();
            assertEquals(200, c.getResponseCode(), e.getKey());
            assertEquals(e.getValue(), c.getContentType(), e.getKey());
            assertEquals(LiveView.CSP, c.getHeaderField("Content-Security-Policy"), e.getKey());
            assertEquals("nosniff", c.getHeaderField("X-Content-Type-Options"));
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(LiveView.text(e.getKey()), body);
        }
        String csp = LiveView.CSP;
        assertTrue(csp.startsWith("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'"),
                csp);
        assertTrue(!csp.contains("unsafe") && !csp.contains("http") && !csp.contains("*"), "self only: " + csp);
        String page = LiveView.text("/");
        // the policy forbids inline script and style: the page has none, and names no other origin
        assertTrue(page.contains("<script src=\"/ui/view.js\" defer></script>"), page);
        assertEquals(1, page.split("<script", -1).length - 1, "one script, from self");
        assertTrue(!page.contains("style=") && !page.contains("<style") && !page.contains("//") , "nothing inline, nothing from elsewhere");
        assertTrue(!LiveView.text("/ui/view.js").contains("innerHTML"), "the script never parses strings as markup");
        assertEquals(200, call("HEAD", "/").code());
        assertEquals(405, call("POST", "/").code());
        assertEquals(404, call("GET", "/ui/other.js").code());
    }

    @Test
    void ringSharesGiveEachMemberItsShareOfTheKeysAndItsZone() throws IOException {
        Answer a = call("GET", "/ring/shares");
        assertEquals(200, a.code(), a.body());
        JsonNode j = a.json();
        assertEquals(nodes.get(0).ring().epoch(), j.path("epoch").asLong());
        assertEquals(RingShares.MIN_SAMPLES, j.path("sampled_keys").asInt());
        List<String> names = new ArrayList<>();
        double sum = 0;
        for (JsonNode m : j.path("members")) {
            names.add(m.path("name").asString() + " " + m.path("zone").asString());
            double share = m.path("share").asDouble();
            assertTrue(share > 0.3 && share < 0.7, m.toString());
            sum += share;
        }
        assertEquals(List.of("h0 z0", "h1 z1"), names);
        assertEquals(1.0, sum, 1e-9);
    }

    @Test
    void badRequestsGetJsonErrorsThatSayWhatIsWrong() throws IOException {
        Answer noKey = call("GET", "/ring");
        assertEquals(400, noKey.code());
        assertEquals("missing query parameter key: GET /ring?key=K[&replicas=R]", noKey.json().path("error").asString());
        Answer badReplicas = call("GET", "/ring?key=a&replicas=0");
        assertEquals(400, badReplicas.code());
        assertEquals("invalid replicas '0': a whole number from 1 to 1024", badReplicas.json().path("error").asString());
        assertEquals(404, call("GET", "/nope").code());
        assertEquals(405, call("POST", "/members").code());
        Answer get = call("GET", "/events/orders");
        assertEquals(405, get.code());
        assertEquals("use POST to broadcast a user event on /events/orders", get.json().path("error").asString());
        assertEquals(405, call("DELETE", "/events/orders").code());
        Answer postAll = call("POST", "/events");
        assertEquals(405, postAll.code());
        assertTrue(postAll.json().path("error").asString().contains("POST /events/TOPIC"), postAll.body());
    }

    @Test
    void aUtf8UserEventIsBroadcastAndStreamedAsText() throws IOException {
        List<ClusterEvent.UserEvent> atOther = new CopyOnWriteArrayList<>();
        nodes.get(1).subscribe(e -> {
            if (e instanceof ClusterEvent.UserEvent u) {
                atOther.add(u);
            }
        });
        String text = "héllo wörld ✓\nline two";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (EventStream events = EventStream.open("127.0.0.1:" + http.port())) {
            Answer a = call("POST", "/events/deploy%3Aprod", bytes);
            assertEquals(202, a.code(), a.body());
            assertEquals("application/json; charset=utf-8", a.contentType());
            assertEquals("deploy:prod", a.json().path("topic").asString(), "the topic is percent-decoded");
            assertEquals(bytes.length, a.json().path("bytes").asInt());
            JsonNode e = events.awaitUser("deploy:prod", Duration.ofSeconds(30)).data();
            assertEquals("user", e.path("type").asString());
            assertEquals(nodes.get(0).localId().toString(), e.path("sender").asString());
            assertEquals("h0", e.path("sender_name").asString());
            assertEquals(bytes.length, e.path("size").asInt());
            assertEquals(text, e.path("payload").asString());
            assertEquals("utf-8", e.path("encoding").asString());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (atOther.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "h1 never got the user event");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertEquals(new ClusterEvent.UserEvent("deploy:prod", nodes.get(0).localId(), bytes), atOther.get(0));
    }

    @Test
    void aBinaryUserEventIsStreamedAsBase64AndCoalesceIsAccepted() throws IOException {
        byte[] bytes = {(byte) 0xff, 0x00, (byte) 0xfe};
        try (EventStream events = EventStream.open("127.0.0.1:" + http.port())) {
            Answer a = call("POST", "/events/blob?coalesce=true", bytes);
            assertEquals(202, a.code(), a.body());
            assertEquals(3, a.json().path("bytes").asInt());
            JsonNode e = events.awaitUser("blob", Duration.ofSeconds(30)).data();
            assertEquals("base64", e.path("encoding").asString());
            assertEquals("/wD+", e.path("payload").asString());
            assertEquals(3, e.path("size").asInt());
            assertEquals(202, call("POST", "/events/empty", new byte[0]).code(), "an empty payload is a payload");
            JsonNode empty = events.awaitUser("empty", Duration.ofSeconds(30)).data();
            assertEquals("", empty.path("payload").asString());
            assertEquals("utf-8", empty.path("encoding").asString());
        }
    }

    @Test
    void aBadTopicOrCoalesceIs400AndNamed() throws IOException {
        for (String[] bad : new String[][] {{"/events/has%20space", "has space"}, {"/events/a/b", "a/b"}, {"/events/", ""},
                {"/events/" + "t".repeat(129), "t".repeat(64) + "... (129 characters)"}, {"/events/caf%C3%A9", "café"}}) {
            Answer a = call("POST", bad[0], "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(400, a.code(), bad[0]);
            assertEquals("invalid topic '" + bad[1] + "': 1 to 128 characters from ASCII letters, digits, '.', '_', '-', ':'",
                    a.json().path("error").asString());
        }
        Answer coalesce = call("POST", "/events/ok?coalesce=yes", new byte[1]);
        assertEquals(400, coalesce.code());
        assertEquals("invalid coalesce 'yes': true or false", coalesce.json().path("error").asString());
        assertEquals(202, call("POST", "/events/" + "t".repeat(128) + "?coalesce=false", new byte[1]).code());
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws IOException {
        try (AgentHttp small = AgentHttp.start(nodes.get(0), new AgentArgs.HttpAddress("127.0.0.1", 0), 1024)) {
            String smallBase = "http://127.0.0.1:" + small.port();
            for (boolean chunked : new boolean[] {false, true}) {
                Answer over = call(smallBase, "POST", "/events/big", new byte[1025], chunked);
                assertEquals(413, over.code(), "chunked " + chunked + ": " + over.body());
                assertEquals("the user event for topic 'big' is larger than this node takes: at most 1024 bytes "
                        + "(messaging.max-payload)", over.json().path("error").asString());
                assertEquals(202, call(smallBase, "POST", "/events/big", new byte[1024], chunked).code(), "chunked " + chunked);
            }
        }
        // a declared length over the default limit is answered before any of the body is sent
        try (Socket s = new Socket("127.0.0.1", http.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /events/big HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                    + (AgentHttp.DEFAULT_MAX_PAYLOAD + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(status.startsWith("HTTP/1.1 413 "), status);
        }
    }

    @Test
    void theNodesOwnPayloadLimitIsAnswered413() throws IOException {
        Cluster strict = Chorus.create(ClusterConfig.builder("h9").profile(Profile.LOCAL).bind("127.0.0.1", 0)
                .option(AgentHttp.MAX_PAYLOAD.key(), "1024").build()).start();
        nodes.add(strict);
        assertEquals(1024, AgentHttp.maxPayload(Options.of(Map.of(AgentHttp.MAX_PAYLOAD.key(), "1024"))));
        assertEquals(AgentHttp.DEFAULT_MAX_PAYLOAD, AgentHttp.maxPayload(Options.empty()));
        try (AgentHttp lenient = AgentHttp.start(strict, new AgentArgs.HttpAddress("127.0.0.1", 0))) {
            Answer a = call("http://127.0.0.1:" + lenient.port(), "POST", "/events/big", new byte[1025], false);
            assertEquals(413, a.code(), a.body());
            assertTrue(a.json().path("error").asString().contains(AgentHttp.MAX_PAYLOAD.key()), a.body());
        }
    }

    @Test
    void eventsStreamMembershipChangesAsServerSentEvents() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + "/events").toURL().openConnection();
        c.setReadTimeout(60_000);
        assertEquals(200, c.getResponseCode());
        assertEquals("text/event-stream; charset=utf-8", c.getContentType());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(r.readLine().startsWith(": chorus h0@127.0.0.1:"), "a comment names the node");
            Cluster third = Chorus.create(ClusterConfig.builder("h2").profile(Profile.LOCAL).bind("127.0.0.1", 0).build())
                    .start();
            nodes.add(third);
            third.join(List.of(nodes.get(0).localId().address()));
            String event = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.equals("event: member-joined")) {
                    event = line;
                    String data = r.readLine();
                    assertTrue(data.startsWith("data: "), data);
                    JsonNode json = Json.MAPPER.readTree(data.substring("data: ".length()));
                    assertEquals("member-joined", json.path("type").asString());
                    assertEquals("h2", json.path("member").path("name").asString());
                    assertEquals("ALIVE", json.path("member").path("state").asString());
                    break;
                }
            }
            assertEquals("event: member-joined", event);
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aPortInUseIsNamed() {
        int taken = http.port();
        io.chorus.api.ChorusException e = org.junit.jupiter.api.Assertions.assertThrows(io.chorus.api.ChorusException.class,
                () -> AgentHttp.start(nodes.get(1), new AgentArgs.HttpAddress("127.0.0.1", taken)));
        assertTrue(e.getMessage().startsWith("cannot serve HTTP on 127.0.0.1:" + taken + " (--http): the port is in use"),
                e.getMessage());
    }
}
