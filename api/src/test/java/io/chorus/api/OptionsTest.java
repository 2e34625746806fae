package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Options}: provider settings read with typed, range-checked accessors. */
class OptionsTest {

    private static final String KEY = "transport.udp.packet-budget";

    private static Options with(String key, String value) {
        return Options.of(Map.of(key, value));
    }

    private static void invalid(Runnable read, String key, String value, String allowed) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, read::run);
        assertEquals(key, e.field());
        assertEquals(value, e.value());
        assertEquals(allowed, e.allowed());
        assertEquals("invalid config: " + key + " = " + value + ": " + allowed, e.getMessage());
    }

    @Test
    void emptyHasNothing() {
        assertEquals(Map.of(), Options.empty().asMap());
        assertEquals(Optional.empty(), Options.empty().get(KEY));
        assertSame(Options.empty(), Options.of(Map.of()));
    }

    @Test
    void ofCopiesAndSortsByKey() {
        Map<String, String> source = new HashMap<>(Map.of("b", "2", "a", "1", "c", "3"));
        Options options = Options.of(source);
        source.put("d", "4");
        assertEquals(List.of("a", "b", "c"), List.copyOf(options.asMap().keySet()));
        assertEquals(Optional.of("2"), options.get("b"));
        assertThrows(UnsupportedOperationException.class, () -> options.asMap().put("e", "5"));
    }

    @Test
    void ofRejectsBlankKeysAndNulls() {
        invalid(() -> Options.of(Map.of(" ", "v")), "options", "''", "option keys must not be blank");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(NullPointerException.class, () -> Options.of(nullValue));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThrows(NullPointerException.class, () -> Options.of(nullKey));
        assertThrows(NullPointerException.class, () -> Options.empty().get(null));
    }

    @Test
    void isAValue() {
        assertEquals(with("a", "1"), Options.of(new HashMap<>(Map.of("a", "1"))));
        assertEquals(with("a", "1").hashCode(), Options.of(new HashMap<>(Map.of("a", "1"))).hashCode());
        assertNotEquals(with("a", "1"), with("a", "2"));
        assertTrue(with("a", "1").toString().contains("a=1"));
    }

    @Test
    void intValueReadsTheDefaultWhenUnset() {
        assertEquals(1400, Options.empty().intValue(KEY, 1400, 512, 65507));
    }

    @Test
    void intValueParsesAndTrims() {
        assertEquals(9000, with(KEY, " 9000 ").intValue(KEY, 1400, 512, 65507));
        assertEquals(512, with(KEY, "512").intValue(KEY, 1400, 512, 65507));
        assertEquals(65507, with(KEY, "65507").intValue(KEY, 1400, 512, 65507));
    }

    @Test
    void intValueOutOfRangeNamesKeyValueAndRange() {
        invalid(() -> with(KEY, "511").intValue(KEY, 1400, 512, 65507), KEY, "511", "a whole number from 512 to 65507");
        invalid(() -> with(KEY, "65508").intValue(KEY, 1400, 512, 65507), KEY, "65508",
                "a whole number from 512 to 65507");
        invalid(() -> with(KEY, "99999999999999999999").intValue(KEY, 1400, 512, 65507), KEY,
                "99999999999999999999", "a whole number from 512 to 65507");
    }

    @Test
    void intValueRejectsWhatIsNotAWholeNumber() {
        for (String bad : new String[] {"abc", "", "1.5", "1e3", "0x10", "12 34"}) {
            invalid(() -> with(KEY, bad).intValue(KEY, 1400, 512, 65507), KEY, bad, "a whole number from 512 to 65507");
        }
    }

    @Test
    void aDefaultOutsideTheRangeIsReportedToo() {
        invalid(() -> Options.empty().intValue(KEY, 10, 512, 65507), KEY, "10", "a whole number from 512 to 65507");
    }

    @Test
    void longValueCoversTheLongRange() {
        assertEquals(Long.MAX_VALUE, with("k", String.valueOf(Long.MAX_VALUE)).longValue("k", 0, 0, Long.MAX_VALUE));
        assertEquals(-5, with("k", "-5").longValue("k", 0, -10, 10));
        assertEquals(7, Options.empty().longValue("k", 7, 0, 10));
        invalid(() -> with("k", "-11").longValue("k", 0, -10, 10), "k", "-11", "a whole number from -10 to 10");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "TRUE, true", "' False ', false"})
    void booleanValueIgnoresCaseAndSpace(String text, boolean expected) {
        assertEquals(expected, with("k", text).booleanValue("k", !expected));
    }

    @Test
    void booleanValueDefaultsAndRejectsOtherWords() {
        assertTrue(Options.empty().booleanValue("k", true));
        assertFalse(Options.empty().booleanValue("k", false));
        for (String bad : new String[] {"yes", "1", "", "on"}) {
            invalid(() -> with("k", bad).booleanValue("k", true), "k", bad, "true or false");
        }
    }

    @ParameterizedTest
    @CsvSource({"250ms, 250", "5s, 5000", "2m, 120000", "1h, 3600000", "PT5S, 5000", "pt1m, 60000", "0, 0",
        "' 30s ', 30000", "0ms, 0", "PT0.5S, 500", "1000ms, 1000"})
    void durationParsesEveryForm(String text, long millis) {
        Duration max = Duration.ofDays(1);
        assertEquals(Duration.ofMillis(millis), with("k", text).duration("k", Duration.ZERO, Duration.ZERO, max));
        assertEquals(Duration.ofMillis(millis), Options.parseDuration("k", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "5", "5d", "1.5s", "s5", "five seconds", "P", "PT", "5 sec", "9999999999999999999h"})
    void durationRejectsOtherTextNamingKeyAndValue(String text) {
        invalid(() -> with("k", text).duration("k", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)), "k", text,
                "a duration such as 250ms, 5s, 2m, 1h or PT5S");
        invalid(() -> Options.parseDuration("gossip.interval", text), "gossip.interval", text,
                "a duration such as 250ms, 5s, 2m, 1h or PT5S");
    }

    @Test
    void durationOutOfRangeNamesKeyValueAndRange() {
        Options options = with("discovery.dns.refresh", "500ms");
        invalid(() -> options.duration("discovery.dns.refresh", Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(10)), "discovery.dns.refresh", "500ms", "a duration from 1s to 10m");
        invalid(() -> with("k", "-5s").duration("k", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)), "k", "-5s",
                "a duration from 0ms to 1m");
        invalid(() -> Options.empty().duration("k", Duration.ofHours(2), Duration.ZERO, Duration.ofHours(1)), "k", "2h",
                "a duration from 0ms to 1h");
    }

    @Test
    void durationDefaultsWhenUnset() {
        assertEquals(Duration.ofSeconds(30), Options.empty().duration("k", Duration.ofSeconds(30), Duration.ZERO,
                Duration.ofHours(1)));
    }

    @ParameterizedTest
    @CsvSource({"250, 250ms", "5000, 5s", "120000, 2m", "3600000, 1h", "0, 0ms", "1500, 1500ms", "90000, 90s",
        "5400000, 90m", "86400000, 24h"})
    void formatPicksTheLargestExactUnit(long millis, String text) {
        assertEquals(text, Options.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Options.parseDuration("k", text));
    }

    @Test
    void listSplitsOnCommasTrimsAndDropsEmptyEntries() {
        assertEquals(List.of("a", "b", "c"), with("k", " a, b,,c , ").list("k"));
        assertEquals(List.of(), with("k", " , ").list("k"));
        assertEquals(List.of(), Options.empty().list("k"));
        List<String> list = with("k", "a").list("k");
        assertThrows(UnsupportedOperationException.class, () -> list.add("b"));
    }
}
