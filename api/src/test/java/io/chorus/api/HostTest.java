package io.chorus.api;

import static io.chorus.api.NodeIdTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host part of node ids and addresses: IPv4 literals, bracketed IPv6 literals and hostnames. */
class HostTest {

    private static final String IPV4_RULE = "is not a valid IPv4 address (four numbers 0-255, no leading zeros)";
    private static final String IPV6_RULE = "is not a valid IPv6 address";

    /** Every way a host enters the api accepts it and keeps it as written. */
    private static void accepted(String host) {
        String written = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        NodeId id = NodeId.parse("a@" + written + ":7946");
        assertEquals(host, id.host());
        assertEquals("a@" + written + ":7946", id.toString());
        assertEquals(id, new NodeId("a", host, 7946));
        Address address = Address.parse(written + ":7946");
        assertEquals(host, address.host());
        assertEquals(address, new Address(host, 7946));
        assertEquals(written + ":7946", address.toString());
    }

    /** Every way a host enters the api rejects it, quoting the input and naming the rule. */
    private static void rejectedEverywhere(String host, String rule) {
        String written = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        rejected("a@" + written + ":7946", rule);
        InvalidNodeIdException byConstructor =
                assertThrows(InvalidNodeIdException.class, () -> new NodeId("a", host, 7946));
        assertTrue(byConstructor.getMessage().contains("'a@" + written + ":7946'"), byConstructor.getMessage());
        assertTrue(byConstructor.getMessage().contains(rule), byConstructor.getMessage());
        InvalidNodeIdException byAddress =
                assertThrows(InvalidNodeIdException.class, () -> Address.parse(written + ":7946"));
        assertTrue(byAddress.getMessage().contains("'" + written + ":7946'"), byAddress.getMessage());
        assertTrue(byAddress.getMessage().contains(rule), byAddress.getMessage());
        InvalidNodeIdException byRecord = assertThrows(InvalidNodeIdException.class, () -> new Address(host, 7946));
        assertTrue(byRecord.getMessage().contains(rule), byRecord.getMessage());
    }

    @Nested
    class Ipv4 {
        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "127.0.0.1", "192.168.100.200", "1.2.3.4"})
        void acceptsDottedQuads(String host) {
            accepted(host);
        }

        @ParameterizedTest
        @ValueSource(strings = {"256.1.1.1", "1.256.1.1", "1.1.1.256", "01.2.3.4", "1.2.3.00", "1.2.3", "1.2.3.4.5",
            "1..2.3", "1.2.3.4.", ".1.2.3", "1234.1.1.1", "999.999.999.999", "1", "."})
        void rejectsOtherNumbers(String host) {
            rejectedEverywhere(host, "'" + host + "' " + IPV4_RULE);
        }

        @Test
        void rejectsNonAsciiDigits() {
            String host = "1.2.3.\u0664";
            rejected("a@" + host + ":1", "may hold only letters, digits, '-' and '.'");
        }
    }

    @Nested
    class Ipv6 {
        @ParameterizedTest
        @ValueSource(strings = {"::1", "::", "1::", "fe80::1:2", "FE80::A:b", "2001:db8::1.2.3.4", "::ffff:10.0.0.1",
            "2001:db8:85a3:0:0:8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
            "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"})
        void acceptsBracketedLiterals(String host) {
            accepted(host);
        }

        @Test
        void acceptsTheBriefsExamples() {
            assertEquals("::1", NodeId.parse("a@[::1]:7946").host());
            assertEquals("fe80::1:2", NodeId.parse("a@[fe80::1:2]:1").host());
            assertEquals("2001:db8::1.2.3.4", NodeId.parse("a@[2001:db8::1.2.3.4]:5").host());
        }

        @ParameterizedTest
        @ValueSource(strings = {"12345::1", "fe80::g", "fe80::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "1:2:3:4::5:6:7:8", ":1::", "1:", ":1", ":::", "1:::2",
            "::256.1.1.1", "::1.2.3", "::01.2.3.4", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5",
            "fe80::1%eth0", "::\u0661"})
        void rejectsBadGroups(String host) {
            rejectedEverywhere(host, "'" + host + "' " + IPV6_RULE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1::2::3", "::1::", "fe80::1::2"})
        void rejectsTwoDoubleColons(String host) {
            rejectedEverywhere(host, "'" + host + "' " + IPV6_RULE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"a@::1:7946", "a@fe80::1:2:1", "a@2001:db8::1:80"})
        void rejectsUnbracketedLiterals(String text) {
            rejected(text, "an IPv6 host must be written in brackets, as [::1]:7946");
            String address = text.substring(2);
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> Address.parse(address));
            assertTrue(e.getMessage().contains("'" + address + "'") && e.getMessage().contains("in brackets"),
                    e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"a@[::1]", "a@[::1]7946", "a@[::1:7946", "a@[::1]]:7946"})
        void rejectsBracketsWithoutPort(String text) {
            rejected(text, "an IPv6 host must be written in brackets and followed by :port, as [::1]:7946");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a@[1.2.3.4]:1", "a@[localhost]:1", "a@[]:1"})
        void rejectsBracketsAroundOtherHosts(String text) {
            rejected(text, "brackets are only for IPv6 hosts");
        }

        @Test
        void rejectsBracketsInsideTheHostGivenDirectly() {
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> new NodeId("a", "[::1]", 1));
            assertTrue(e.getMessage().contains("'[::1]' " + IPV6_RULE), e.getMessage());
        }
    }

    @Nested
    class Hostnames {
        @Test
        void acceptsCommonNames() {
            for (String host : new String[] {"localhost", "a", "node-1", "a.b.c", "x-y.example.com", "123abc.com",
                "1.2.3.a", "EXAMPLE.org", "xn--bcher-kva.example"}) {
                accepted(host);
            }
        }

        @Test
        void acceptsLabelsOf63Characters() {
            String label = "a".repeat(62) + "z";
            accepted(label);
            accepted(label + ".example.com");
            accepted("www." + label);
        }

        @Test
        void rejectsLabelsOf64Characters() {
            String label = "a".repeat(64);
            String rule = "has an empty label or one longer than 63 characters";
            rejectedEverywhere(label, "hostname '" + label + "' " + rule);
            rejectedEverywhere("www." + label + ".com", rule);
        }

        @Test
        void acceptsExactly253Characters() {
            String host = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
            assertEquals(253, host.length());
            accepted(host);
        }

        @Test
        void rejectsLongerThan253Characters() {
            String host = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62));
            assertEquals(254, host.length());
            rejectedEverywhere(host, "hostname '" + host.substring(0, 20) + "...' is longer than 253 characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-a", "a-", "-", "a.-b.c", "a.b-.c", "example.com-"})
        void rejectsLabelsThatStartOrEndWithDash(String host) {
            rejectedEverywhere(host, "hostname '" + host + "' has a label that starts or ends with '-'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a..b", ".a", "a.", "example.com."})
        void rejectsEmptyLabels(String host) {
            rejectedEverywhere(host, "hostname '" + host + "' has an empty label or one longer than 63 characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a_b", "_srv.example.com", "a b", "bücher.de", "a/b", "a%b", "a*"})
        void rejectsOtherCharacters(String host) {
            String found = host.chars().filter(c -> !(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '.')
                    .limit(1).mapToObj(c -> String.valueOf((char) c)).findFirst().orElseThrow();
            rejectedEverywhere(host,
                    "hostname '" + host + "' may hold only letters, digits, '-' and '.' (found '" + found + "')");
        }

        @Test
        void rejectsAnEmptyHost() {
            assertThrows(InvalidNodeIdException.class, () -> new NodeId("a", "", 1));
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> new Address("", 1));
            assertEquals("address ':1': the host is empty", e.getMessage());
        }
    }
}
