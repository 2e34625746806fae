package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Option}: a setting declared once, read through its declaration with the same words as {@link Options}. */
class OptionTest {
    private static final Option<Integer> COUNT = Option.integer("hashing.vnode.count", 160, 1, 10_000,
            "vnodes per unit of weight");

    private static Options with(String key, String value) {
        return Options.of(Map.of(key, value));
    }

    private static InvalidConfigException invalid(Runnable read, String message) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, read::run);
        assertEquals(message, e.getMessage());
        return e;
    }

    @Test
    void readsTheValueOrTheDefault() {
        assertEquals(160, COUNT.read(Options.empty()));
        assertEquals(12, COUNT.read(with("hashing.vnode.count", " 12 ")));
        assertEquals(Optional.empty(), COUNT.find(Options.empty()));
        assertEquals(Optional.of(7), COUNT.find(with("hashing.vnode.count", "7")));
        assertEquals(99, COUNT.read(Options.empty(), 99));
        assertEquals(7, COUNT.read(with("hashing.vnode.count", "7"), 99));
    }

    @Test
    void aBadValueSaysWhatTheOptionsReadersSay() {
        InvalidConfigException e = invalid(() -> COUNT.read(with("hashing.vnode.count", "0")),
                "invalid config: hashing.vnode.count = 0: a whole number from 1 to 10000");
        assertEquals("hashing.vnode.count", e.field());
        assertEquals("0", e.value());
        Options o = with("hashing.vnode.count", "many");
        String fromOptions = assertThrows(InvalidConfigException.class, () -> o.intValue("hashing.vnode.count", 160, 1, 10_000))
                .getMessage();
        invalid(() -> COUNT.read(o), fromOptions);
    }

    @Test
    void everyTypeParsesAndChecks() {
        Option<Long> big = Option.longInteger("a.long", 5, 0, 1L << 40, "a long");
        assertEquals(1L << 40, big.read(with("a.long", Long.toString(1L << 40))));
        invalid(() -> big.read(with("a.long", "-1")), "invalid config: a.long = -1: a whole number from 0 to 1099511627776");

        Option<Double> phi = Option.decimal("fd.phi.threshold", 8, 1, 50, "phi");
        assertEquals(12.5, phi.read(with("fd.phi.threshold", "12.5")));
        invalid(() -> phi.read(with("fd.phi.threshold", "NaN")), "invalid config: fd.phi.threshold = NaN: a number from 1 to 50");
        invalid(() -> phi.read(with("fd.phi.threshold", "0x10")), "invalid config: fd.phi.threshold = 0x10: a number from 1 to 50");

        Option<Boolean> flag = Option.bool("ring.include-suspect", false, "keep SUSPECT members");
        assertEquals(true, flag.read(with("ring.include-suspect", " TRUE ")));
        invalid(() -> flag.read(with("ring.include-suspect", "yes")), "invalid config: ring.include-suspect = yes: true or false");

        Option<Duration> timeout = Option.duration("t.x.timeout", Duration.ofSeconds(2), Duration.ofMillis(10),
                Duration.ofSeconds(60), "a timeout");
        assertEquals(Duration.ofMillis(250), timeout.read(with("t.x.timeout", "250ms")));
        assertEquals(Duration.ofSeconds(5), timeout.read(with("t.x.timeout", "PT5S")));
        invalid(() -> timeout.read(with("t.x.timeout", "9ms")), "invalid config: t.x.timeout = 9ms: a duration from 10ms to 1m");
        invalid(() -> timeout.read(with("t.x.timeout", "soon")),
                "invalid config: t.x.timeout = soon: a duration such as 250ms, 5s, 2m, 1h or PT5S");

        Option<String> label = Option.text("s.h.label", "chorus", "the label");
        assertEquals("chorus", label.read(Options.empty()));
        assertEquals(" a b ", label.read(with("s.h.label", " a b ")));

        Option<String> mode = Option.choice("x.y.mode", "fast", List.of("fast", "safe"), "the mode");
        assertEquals("safe", mode.read(with("x.y.mode", " safe")));
        invalid(() -> mode.read(with("x.y.mode", "slow")), "invalid config: x.y.mode = 'slow': one of fast, safe");

        Option<List<String>> names = Option.list("x.y.names", "names");
        assertEquals(List.of(), names.read(Options.empty()));
        assertEquals(List.of("a", "b"), names.read(with("x.y.names", " a, ,b ,")));
    }

    @Test
    void aCheckAddsWhatTheRangeCannotSay() {
        Option<Integer> prime = Option.integer("hashing.maglev.table-size", 11, 16_777_213, "the table size")
                .withCheck("a prime from 11 to 16777213", v -> {
                    if (v % 2 == 0) {
                        throw new IllegalArgumentException("a prime from 11 to 16777213 (" + v + " is even)");
                    }
                    return v;
                });
        assertEquals(13, prime.read(with("hashing.maglev.table-size", "13")));
        invalid(() -> prime.read(with("hashing.maglev.table-size", "12")),
                "invalid config: hashing.maglev.table-size = 12: a prime from 11 to 16777213 (12 is even)");
        invalid(() -> prime.read(with("hashing.maglev.table-size", "5")),
                "invalid config: hashing.maglev.table-size = 5: a prime from 11 to 16777213");
        assertEquals("a prime from 11 to 16777213", prime.rangeText());

        Option<String> trimmed = Option.text("x.y.name", "doc").withCheck("a name without spaces", v -> {
            if (v.trim().contains(" ")) {
                throw new IllegalArgumentException();
            }
            return v.trim();
        });
        assertEquals("abc", trimmed.read(with("x.y.name", " abc ")));
        invalid(() -> trimmed.read(with("x.y.name", "a b")), "invalid config: x.y.name = 'a b': a name without spaces");
        assertThrows(IllegalArgumentException.class, () -> Option.text("x.y.z", "a b", "doc").withCheck("no spaces", v -> {
            throw new IllegalArgumentException("no spaces");
        }), "a default that fails its own check is refused at declaration");
    }

    @Test
    void anOptionWithoutAFixedDefaultIsReadWithAFallback() {
        Option<Integer> port = Option.integer("discovery.dns.port", 1, 65535, "the port").whenUnset("the node's bind port");
        assertEquals(Optional.empty(), port.defaultValue());
        assertEquals("the node's bind port", port.defaultText());
        assertEquals(7946, port.read(Options.empty(), 7946));
        assertEquals(53, port.read(with("discovery.dns.port", "53")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> port.read(Options.empty()));
        assertTrue(e.getMessage().contains("discovery.dns.port"), e.getMessage());
        assertEquals("none", Option.text("x.y.z", "doc").defaultText());
    }

    @Test
    void whatADocumentGeneratorRenders() {
        assertEquals("hashing.vnode.count", COUNT.key());
        assertEquals("hashing.vnode", COUNT.prefix());
        assertEquals("integer", COUNT.typeName());
        assertEquals("160", COUNT.defaultText());
        assertEquals("1 to 10000", COUNT.rangeText());
        assertEquals("vnodes per unit of weight", COUNT.doc());
        assertEquals(Optional.of(160), COUNT.defaultValue());

        Option<Integer> buffer = Option.bytes("transport.udp.receive-buffer", 4 << 20, 64 << 10, 64 << 20, "the buffer");
        assertEquals("bytes", buffer.typeName());
        assertEquals("4194304 (4 MiB)", buffer.defaultText());
        assertEquals("65536 (64 KiB) to 67108864 (64 MiB)", buffer.rangeText());
        assertEquals("1400", Option.bytes("transport.udp.packet-budget", 1400, 512, 65_507, "doc").defaultText());
        assertEquals("131072 (128 KiB) to 4294967296 (4 GiB)",
                Option.longBytes("transport.tcp.max-queued-bytes", 1L << 26, 128L << 10, 4L << 30, "doc").rangeText());
        assertEquals("2s", Option.duration("a.b", Duration.ofSeconds(2), Duration.ZERO, Duration.ofHours(1), "d").defaultText());
        assertEquals("0ms to 1h", Option.duration("a.b", Duration.ofSeconds(2), Duration.ZERO, Duration.ofHours(1), "d").rangeText());
        assertEquals("8", Option.decimal("a.b", 8, 1, 50, "d").defaultText());
        assertEquals("0.5 to 50", Option.decimal("a.b", 8, 0.5, 50, "d").rangeText());
        assertEquals("true or false", Option.bool("a.b", true, "d").rangeText());
        assertEquals("empty", Option.list("a.b", "d").defaultText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ring", "Ring.x", "ring.", ".ring", "ring..x", "ring.include_suspect", "1ring.x", "ring.x y"})
    void aKeyIsNamespacedAndLowercase(String key) {
        assertThrows(IllegalArgumentException.class, () -> Option.bool(key, false, "doc"));
    }

    @Test
    void declarationsAreCheckedWhenTheyAreMade() {
        assertThrows(IllegalArgumentException.class, () -> Option.integer("a.b", 0, 1, 10, "default out of range"));
        assertThrows(IllegalArgumentException.class, () -> Option.integer("a.b", 5, 10, 1, "empty range"));
        assertThrows(IllegalArgumentException.class, () -> Option.integer("a.b", 5, 1, 10, " "));
        assertThrows(IllegalArgumentException.class, () -> Option.integer("a.b", 5, 1, 10, "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> Option.choice("a.b", "x", List.of("y"), "doc"));
        assertThrows(IllegalArgumentException.class, () -> Option.duration("a.b", Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(2), "doc"));
        assertThrows(NullPointerException.class, () -> Option.text("a.b", null, "doc"));
        assertThrows(IllegalArgumentException.class, () -> COUNT.whenUnset(""));
    }
}
