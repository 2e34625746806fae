package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Profile#parse(String)}: the values of {@code --profile}. */
class ProfileTest {

    @ParameterizedTest
    @CsvSource({"lan, LAN", "LAN, LAN", "Lan, LAN", "wan, WAN", "WaN, WAN", "local, LOCAL", "LOCAL, LOCAL",
        "' local ', LOCAL"})
    void acceptsAnyCase(String text, Profile expected) {
        assertEquals(expected, Profile.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dc", "lan2", "loopback", "l an", "LAN,WAN"})
    void rejectsOthersNamingTheAllowedValues(String text) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Profile.parse(text));
        assertEquals("profile", e.field());
        assertEquals(text, e.value());
        assertEquals("one of lan, wan, local", e.allowed());
        assertEquals("invalid config: profile = " + text + ": one of lan, wan, local", e.getMessage());
    }
}
