package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The test's Prometheus text parser: what it reads, and what it refuses. */
class PrometheusTextTest {
    @Test
    void familiesSamplesLabelsAndSpecialValues() {
        Map<String, PrometheusText.Family> f = PrometheusText.parse(String.join("\n",
                "# HELP chorus_probes_total probes sent",
                "# TYPE chorus_probes_total counter",
                "chorus_probes_total{node=\"a\"} 12.0",
                "# TYPE rtt_seconds summary",
                "rtt_seconds_count{node=\"a\",q=\"x\\\"y\\\\z\\n\"} 3",
                "rtt_seconds_sum{node=\"a\",q=\"\"} 0.25 1700000000000",
                "# TYPE up gauge",
                "up NaN",
                "up{x=\"1\"} +Inf",
                "") + "\n");
        assertEquals(3, f.size());
        assertEquals("counter", f.get("chorus_probes_total").type());
        assertEquals("probes sent", f.get("chorus_probes_total").help());
        assertEquals(12.0, f.get("chorus_probes_total").sample("chorus_probes_total", "node", "a").orElseThrow().value());
        assertEquals("x\"y\\z\n", f.get("rtt_seconds").samples().get(0).labels().get("q"));
        assertEquals(0.25, f.get("rtt_seconds").sample("rtt_seconds_sum").orElseThrow().value());
        assertTrue(Double.isNaN(f.get("up").samples().get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, f.get("up").sample("up", "x", "1").orElseThrow().value());
        assertThrows(IllegalStateException.class, () -> f.get("up").sample("up"), "two samples match: which?");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "up 1\n",                                          // no TYPE above it
        "# TYPE up gauge\nup 1",                           // the last line is not ended
        "# TYPE up gauge\nup{a=\"1\"} 1\nup{a=\"1\"} 2\n", // a series twice
        "# TYPE up gauge\n# TYPE up gauge\n",              // a family twice
        "# TYPE up gauge\nother 1\n",                      // outside its family
        "# TYPE up gauge\nup{a=1} 1\n",                    // an unquoted value
        "# TYPE up gauge\nup{a=\"\\t\"} 1\n",              // a bad escape
        "# TYPE up gauge\nup one\n",                       // a bad number
        "# TYPE up gauge\nup{1a=\"x\"} 1\n",               // a bad label name
        "# TYPE 1up gauge\n",                              // a bad metric name
        "# TYPE up meter\n",                               // an unknown type
        "# TYPE up gauge\nup{a=\"x\" 1\n",                 // labels not closed
    })
    void refusesWhatPrometheusWould(String text) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text));
    }
}
