package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            c.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(code, c.getContentType(), body, String.valueOf(c.getHeaderField("Chorus-Ring-Epoch")));
    }

    @Test
    void healthIs200WhileRunningAnd503Afterwards() throws IOException {
        Answer a = call("GET", "/health");
        assertEquals(200, a.code());
        assertEquals("application/json; charset=utf-8", a.contentType());
        assertEquals("running", a.json().path("status").asString());
        assertEquals(nodes.get(0).localId().toString(), a.json().path("id").asString());
        assertEquals(2, a.json().path("alive").asInt());
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
    void badRequestsGetJsonErrorsThatSayWhatIsWrong() throws IOException {
        Answer noKey = call("GET", "/ring");
        assertEquals(400, noKey.code());
        assertEquals("missing query parameter key: GET /ring?key=K[&replicas=R]", noKey.json().path("error").asString());
        Answer badReplicas = call("GET", "/ring?key=a&replicas=0");
        assertEquals(400, badReplicas.code());
        assertEquals("invalid replicas '0': a whole number from 1 to 1024", badReplicas.json().path("error").asString());
        assertEquals(404, call("GET", "/nope").code());
        assertEquals(405, call("POST", "/members").code());
        assertEquals(405, call("GET", "/events/orders").code());
        Answer post = call("POST", "/events/orders");
        assertEquals(501, post.code());
        assertTrue(post.json().path("error").asString().contains("messaging"));
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
