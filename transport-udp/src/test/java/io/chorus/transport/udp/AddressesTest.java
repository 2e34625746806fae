package io.chorus.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One spelling per address, so that sender addresses equal advertised ones. */
class AddressesTest {

    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "fd00:0:0:0:0:0:0:2, fd00::2",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "1:0:3:4:5:6:7:8, 1:0:3:4:5:6:7:8",
        "FE80:0:0:0:0:0:0:ABCD, fe80::abcd",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        "1:2:3:4:5:6:0:0, 1:2:3:4:5:6::",
        "10.0.0.1, 10.0.0.1",
    })
    void hostTextIsTheShortForm(String literal, String expected) throws Exception {
        assertEquals(expected, Addresses.hostText(InetAddress.getByName(literal)));
    }

    @Test
    void hostTextDropsTheScope() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        assertEquals("fe80::1", Addresses.hostText(Inet6Address.getByAddress(null, linkLocal, 3)));
    }

    @Test
    void aSocketAddressBecomesAnAddress() throws Exception {
        assertEquals(new Address("::1", 7946),
                Addresses.of(new InetSocketAddress(InetAddress.getByName("0:0:0:0:0:0:0:1"), 7946)));
    }

    @Test
    void literalsAreToldFromHostnames() {
        assertTrue(Addresses.isLiteral("10.0.0.1"));
        assertTrue(Addresses.isLiteral("::1"));
        assertFalse(Addresses.isLiteral("node-1.example"));
        assertFalse(Addresses.isLiteral("localhost"));
    }

    @Test
    void formatBracketsIpv6() {
        assertEquals("[::1]:0", Addresses.format("::1", 0));
        assertEquals("127.0.0.1:7946", Addresses.format("127.0.0.1", 7946));
    }
}
