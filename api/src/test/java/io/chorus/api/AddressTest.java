package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Address}: {@code host:port}, {@code [v6]:port}. */
class AddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1:7946", "[::1]:1", "[2001:db8::1.2.3.4]:65535", "localhost:80", "a.b.c:443"})
    void toStringRoundTrips(String text) {
        Address address = Address.parse(text);
        assertEquals(text, address.toString());
        assertEquals(address, Address.parse(address.toString()));
    }

    @Test
    void parseTrimsSurroundingWhitespace() {
        assertEquals(new Address("h", 1), Address.parse("  h:1\t"));
    }

    @Test
    void rejectsPortsOutOfRangeQuotingTheInput() {
        assertEquals("address 'h:0': port 0 is out of range 1-65535",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("h:0")).getMessage());
        assertEquals("address 'h:65536': port 65536 is out of range 1-65535",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("h:65536")).getMessage());
        assertEquals("address 'h:-1': port '-1' must be a number from 1 to 65535",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("h:-1")).getMessage());
        assertEquals("address 'h:': port '' must be a number from 1 to 65535",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("h:")).getMessage());
        assertEquals("address 'h:abc': port 'abc' must be a number from 1 to 65535",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("h:abc")).getMessage());
    }

    @Test
    void recordRejectsPortsOutOfRangeQuotingTheAddress() {
        assertEquals("address '[::1]:0': port 0 is out of range 1-65535",
                assertThrows(InvalidNodeIdException.class, () -> new Address("::1", 0)).getMessage());
        assertEquals("address 'h:65536': port 65536 is out of range 1-65535",
                assertThrows(InvalidNodeIdException.class, () -> new Address("h", 65536)).getMessage());
        assertEquals(1, new Address("h", 1).port());
        assertEquals(65535, new Address("h", 65535).port());
    }

    @Test
    void rejectsTextWithoutPort() {
        assertEquals("address 'localhost' has no port: expected host:port",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("localhost")).getMessage());
    }

    @Test
    void rejectsANodeIdQuotingIt() {
        assertEquals("address 'a@h:1': hostname 'a@h' may hold only letters, digits, '-' and '.' (found '@')",
                assertThrows(InvalidNodeIdException.class, () -> Address.parse("a@h:1")).getMessage());
    }

    @Test
    void isAValue() {
        assertEquals(new Address("h", 1), Address.parse("h:1"));
        assertEquals(new Address("h", 1).hashCode(), Address.parse("h:1").hashCode());
        assertNotEquals(new Address("h", 1), new Address("h", 2));
        assertNotEquals(new Address("h", 1), new Address("H", 1));
    }

    @Test
    void nullIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> Address.parse(null));
        assertThrows(NullPointerException.class, () -> new Address(null, 1));
    }
}
