package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options: defaults, ranges, and messages that name the key, the value and the range. */
class UdpSettingsTest {

    @Test
    void defaults() {
        UdpSettings s = UdpSettings.read(Options.empty());
        assertEquals(1400, s.packetBudget());
        assertEquals(4 * 1024 * 1024, s.receiveBuffer());
        assertEquals(4 * 1024 * 1024, s.sendBuffer());
    }

    @Test
    void theRangeEndsAreAllowed() {
        UdpSettings low = UdpSettings.read(Options.of(Map.of(
                UdpSettings.PACKET_BUDGET.key(), "512",
                UdpSettings.RECEIVE_BUFFER.key(), "65536",
                UdpSettings.SEND_BUFFER.key(), "65536")));
        assertEquals(new UdpSettings(512, 65536, 65536), low);
        UdpSettings high = UdpSettings.read(Options.of(Map.of(
                UdpSettings.PACKET_BUDGET.key(), "65507",
                UdpSettings.RECEIVE_BUFFER.key(), "67108864",
                UdpSettings.SEND_BUFFER.key(), " 67108864 ")));
        assertEquals(new UdpSettings(65507, 67108864, 67108864), high);
    }

    @ParameterizedTest
    @CsvSource({
        "transport.udp.packet-budget, 511, 512 to 65507",
        "transport.udp.packet-budget, 65508, 512 to 65507",
        "transport.udp.packet-budget, 1.5k, 512 to 65507",
        "transport.udp.receive-buffer, 65535, 65536 to 67108864",
        "transport.udp.receive-buffer, 4MiB, 65536 to 67108864",
        "transport.udp.send-buffer, 67108865, 65536 to 67108864",
        "transport.udp.send-buffer, -1, 65536 to 67108864",
    })
    void aBadValueNamesTheKeyTheValueAndTheRange(String key, String value, String range) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> UdpSettings.read(Options.of(Map.of(key, value))));

        assertEquals(key, e.field());
        assertEquals(value, e.value());
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value)
                && e.getMessage().contains(range), e.getMessage());
    }
}
