package io.chorus.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import io.chorus.api.spi.TransportContext;
import io.chorus.testkit.RecordingReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaults, and the exact message for each option out of range. */
class TcpSettingsTest {

    @Test
    void defaults() {
        assertEquals(new TcpSettings(1400, 8 * 1024 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60)), TcpSettings.from(Options.empty()));
    }

    @Test
    void everyOptionIsRead() {
        TcpSettings s = TcpSettings.from(Options.of(Map.of(
                TcpSettings.PACKET_BUDGET.key(), "512",
                TcpSettings.MAX_FRAME_BYTES.key(), "65536",
                TcpSettings.MAX_QUEUED_BYTES.key(), "131072",
                TcpSettings.CONNECT_TIMEOUT.key(), "10ms",
                TcpSettings.RECONNECT_BASE.key(), "250ms",
                TcpSettings.RECONNECT_MAX.key(), "PT2M",
                TcpSettings.IDLE_TIMEOUT.key(), "1h")));
        assertEquals(new TcpSettings(512, 65_536, 131_072, Duration.ofMillis(10), Duration.ofMillis(250),
                Duration.ofMinutes(2), Duration.ofHours(1)), s);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Map.of(TcpSettings.PACKET_BUDGET.key(), "511"),
                        "invalid config: transport.tcp.packet-budget = 511: a whole number from 512 to 65507"),
                Arguments.of(Map.of(TcpSettings.PACKET_BUDGET.key(), "65508"),
                        "invalid config: transport.tcp.packet-budget = 65508: a whole number from 512 to 65507"),
                Arguments.of(Map.of(TcpSettings.PACKET_BUDGET.key(), "big"),
                        "invalid config: transport.tcp.packet-budget = big: a whole number from 512 to 65507"),
                Arguments.of(Map.of(TcpSettings.MAX_FRAME_BYTES.key(), "65535"),
                        "invalid config: transport.tcp.max-frame-bytes = 65535: a whole number from 65536 to 268435456"),
                Arguments.of(Map.of(TcpSettings.MAX_FRAME_BYTES.key(), "268435457"),
                        "invalid config: transport.tcp.max-frame-bytes = 268435457: a whole number from 65536 to 268435456"),
                Arguments.of(Map.of(TcpSettings.MAX_QUEUED_BYTES.key(), "131071"),
                        "invalid config: transport.tcp.max-queued-bytes = 131071: a whole number from 131072 to 4294967296"),
                Arguments.of(Map.of(TcpSettings.MAX_FRAME_BYTES.key(), "268435456"),
                        "invalid config: transport.tcp.max-queued-bytes = 67108864: at least transport.tcp.max-frame-bytes"
                                + " (268435456) plus 5, so that the largest frame fits; raise it or lower"
                                + " transport.tcp.max-frame-bytes"),
                Arguments.of(Map.of(TcpSettings.CONNECT_TIMEOUT.key(), "9ms"),
                        "invalid config: transport.tcp.connect-timeout = 9ms: a duration from 10ms to 1m"),
                Arguments.of(Map.of(TcpSettings.CONNECT_TIMEOUT.key(), "soon"),
                        "invalid config: transport.tcp.connect-timeout = soon: a duration such as 250ms, 5s, 2m, 1h or PT5S"),
                Arguments.of(Map.of(TcpSettings.RECONNECT_BASE.key(), "11m"),
                        "invalid config: transport.tcp.reconnect-base = 11m: a duration from 10ms to 10m"),
                Arguments.of(Map.of(TcpSettings.RECONNECT_MAX.key(), "2h"),
                        "invalid config: transport.tcp.reconnect-max = 2h: a duration from 10ms to 1h"),
                Arguments.of(Map.of(TcpSettings.RECONNECT_BASE.key(), "5s", TcpSettings.RECONNECT_MAX.key(), "2s"),
                        "invalid config: transport.tcp.reconnect-max = 2s: a duration from transport.tcp.reconnect-base (5s) to 1h"),
                Arguments.of(Map.of(TcpSettings.IDLE_TIMEOUT.key(), "999ms"),
                        "invalid config: transport.tcp.idle-timeout = 999ms: a duration from 1s to 1h"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueNamesTheKeyTheValueAndTheRange(Map<String, String> options, String message) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> TcpSettings.from(Options.of(options)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void createChecksTheOptionsBeforeBindingAnything() {
        ClusterConfig config = ClusterConfig.builder("node").bind(Transports.LOOPBACK, 0)
                .option(TcpSettings.IDLE_TIMEOUT.key(), "0").build();
        TransportContext context = TransportContext.of(config, config.options(), new RecordingReceiver());
        assertThrows(InvalidConfigException.class, () -> new TcpTransportProvider().create(context));
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(TcpTransport.THREAD_PREFIX)));
    }

    @Test
    void theProviderReadsTheContextsOptionsNotTheConfigs() {
        ClusterConfig config = ClusterConfig.builder("node").bind(Transports.LOOPBACK, 0)
                .option(TcpSettings.PACKET_BUDGET.key(), "100").build();
        TransportContext context = TransportContext.of(config, Options.of(Map.of(TcpSettings.PACKET_BUDGET.key(), "600")),
                new RecordingReceiver());
        try (var t = new TcpTransportProvider().create(context)) {
            assertEquals(600, t.packetBudget());
        }
    }
}
