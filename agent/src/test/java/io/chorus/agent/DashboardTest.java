package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Profile;
import io.chorus.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code docs/grafana/chorus-dashboard.json} is a Grafana dashboard over what the agent serves:
 * every metric a panel queries is one {@code GET /metrics} has (the binder's {@code chorus_*}, the
 * JVM's), with the labels and label values the query matches on.
 */
class DashboardTest {
    private static final Path DASHBOARD = Path.of("..").toAbsolutePath().normalize().resolve("docs/grafana/chorus-dashboard.json");
    /** A selector: a metric name, and its label matchers if any. */
    private static final Pattern SELECTOR = Pattern.compile("\\b((?:chorus|jvm|process|system)_[a-z0-9_]+)(\\{([^}]*)\\})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    private static Cluster node;
    private static Map<String, PrometheusText.Family> scrape;

    @BeforeAll
    static void scrapeANode() {
        node = Chorus.create(ClusterConfig.builder("dash").profile(Profile.LOCAL).bind("127.0.0.1", 0).build()).start();
        try (AgentMetrics metrics = new AgentMetrics(node)) {
            // the GC pause timer appears with the first collection the JVM reports: have one
            System.gc();
            Await.until("a GC pause reported", () -> metrics.scrape().contains("jvm_gc_pause_seconds_count"));
            scrape = PrometheusText.parse(metrics.scrape());
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static JsonNode dashboard() throws IOException {
        return Json.MAPPER.readTree(Files.readString(DASHBOARD));
    }

    /** @return every sample of that name, across the families */
    private static List<PrometheusText.Sample> samples(String name) {
        List<PrometheusText.Sample> out = new ArrayList<>();
        for (PrometheusText.Family f : scrape.values()) {
            for (PrometheusText.Sample s : f.samples()) {
                if (s.name().equals(name)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static List<String> queries(JsonNode d) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : d.path("panels").values()) {
            for (JsonNode t : p.path("targets").values()) {
                out.add(t.path("expr").asString());
            }
        }
        for (JsonNode v : d.path("templating").path("list").values()) {
            if (v.path("type").asString().equals("query")) {
                out.add(v.path("query").path("query").asString());
            }
        }
        return out;
    }

    @Test
    void itIsADashboardGrafanaImports() throws IOException {
        JsonNode d = dashboard();
        assertEquals("chorus-cluster", d.path("uid").asString());
        assertFalse(d.path("title").asString().isEmpty());
        assertTrue(d.path("schemaVersion").asInt() >= 30);
        Set<Integer> ids = new HashSet<>();
        int graphs = 0;
        for (JsonNode p : d.path("panels").values()) {
            assertTrue(ids.add(p.path("id").asInt()), "panel ids are unique: " + p.path("id"));
            JsonNode g = p.path("gridPos");
            assertTrue(g.path("x").asInt() >= 0 && g.path("x").asInt() + g.path("w").asInt() <= 24, p.path("title").asString());
            assertFalse(p.path("title").asString().isEmpty());
            if (!p.path("type").asString().equals("row")) {
                graphs++;
                assertFalse(p.path("targets").isEmpty(), p.path("title").asString() + " queries something");
                assertEquals("${datasource}", p.path("datasource").path("uid").asString(), "the datasource is chosen by variable");
            }
        }
        assertTrue(graphs >= 15, "panels: " + graphs);
    }

    @Test
    void everyMetricItQueriesIsServedWithTheLabelsItMatches() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (String q : queries(dashboard())) {
            Matcher m = SELECTOR.matcher(q);
            boolean any = false;
            while (m.find()) {
                any = true;
                String name = m.group(1);
                used.add(name);
                List<PrometheusText.Sample> samples = samples(name);
                if (samples.isEmpty()) {
                    problems.add(name + " (in " + q + ") is not served");
                    continue;
                }
                if (m.group(3) == null) {
                    continue;
                }
                Matcher lm = MATCHER.matcher(m.group(3));
                while (lm.find()) {
                    String label = lm.group(1);
                    String op = lm.group(2);
                    String value = lm.group(3);
                    if (samples.stream().noneMatch(s -> s.labels().containsKey(label))) {
                        problems.add(name + " has no label " + label + " (in " + q + ")");
                    } else if (op.equals("=") && samples.stream().noneMatch(s -> value.equals(s.labels().get(label)))) {
                        problems.add(name + " has no " + label + "=\"" + value + "\" (in " + q + ")");
                    }
                }
            }
            if (!any) {
                problems.add("a query with no metric: " + q);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(used.stream().filter(n -> n.startsWith("chorus_")).count() >= 20, "it shows most of the binder's meters: " + used);
    }
}
