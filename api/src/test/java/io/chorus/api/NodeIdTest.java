package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, formatting and validation of {@link NodeId}: the public contract {@code name@host:port}. */
class NodeIdTest {

    private static final String NAME_RULE =
            "a node name starts with a letter, then letters, digits, '_' or '-', at most 64 characters";

    /** Parses {@code text}, expects a rejection, and checks that the message quotes the input and names the rule. */
    static InvalidNodeIdException rejected(String text, String rule) {
        InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> NodeId.parse(text),
                () -> "'" + text + "' should be rejected");
        assertTrue(e.getMessage().contains("'" + text + "'"),
                () -> "message should quote the input '" + text + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(rule),
                () -> "message should name the rule '" + rule + "': " + e.getMessage());
        return e;
    }

    @Nested
    class Names {
        @ParameterizedTest
        @ValueSource(strings = {"a", "Z", "web-1", "web_1", "a1-_b", "node-A_9"})
        void acceptsLetterFirstThenLettersDigitsUnderscoreAndDash(String name) {
            NodeId id = NodeId.parse(name + "@h:1");
            assertEquals(name, id.name());
            assertEquals(name, NodeId.checkName(name));
        }

        @Test
        void acceptsSixtyFourCharacters() {
            String name = "n".repeat(NodeId.MAX_NAME_LENGTH);
            assertEquals(64, NodeId.MAX_NAME_LENGTH);
            assertEquals(name, NodeId.parse(name + "@h:1").name());
        }

        @Test
        void rejectsSixtyFiveCharacters() {
            String name = "n".repeat(65);
            rejected(name + "@h:1", NAME_RULE);
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> NodeId.checkName(name));
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }

        @Test
        void rejectsADigitFirstNamingTheRule() {
            InvalidNodeIdException e = rejected("9bad@h:7946", NAME_RULE);
            assertTrue(e.getMessage().contains("node name '9bad' is invalid"), e.getMessage());

            InvalidNodeIdException direct = assertThrows(InvalidNodeIdException.class, () -> NodeId.checkName("9bad"));
            assertEquals("node name '9bad' is invalid: " + NAME_RULE, direct.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "_a", "-a", "a.b", "a b", "a:b", "é", "aé", "a+", "ａ"})
        void rejectsOtherNames(String name) {
            rejected(name + "@h:1", NAME_RULE);
            assertThrows(InvalidNodeIdException.class, () -> NodeId.checkName(name));
            assertThrows(InvalidNodeIdException.class, () -> new NodeId(name, "h", 1));
        }

        @Test
        void theNameEndsAtTheFirstAt() {
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> NodeId.parse("a@b@h:1"));
            assertTrue(e.getMessage().contains("'a@b@h:1'"), e.getMessage());
        }

        @Test
        void namesAreCaseSensitive() {
            assertNotEquals(NodeId.parse("web@h:1"), NodeId.parse("Web@h:1"));
        }
    }

    @Nested
    class Structure {
        @Test
        void rejectsTextWithoutAtSign() {
            rejected("h:7946", "must be name@host:port");
        }

        @Test
        void rejectsTextWithoutPort() {
            rejected("a@h", "has no port: expected host:port");
        }

        @Test
        void rejectsAnEmptyHost() {
            rejected("a@:7946", "the host is empty");
        }

        @Test
        void isNotTrimmed() {
            rejected(" a@h:1", NAME_RULE);
            rejected("a@h:1 ", "must be a number from 1 to 65535");
        }

        @Test
        void nullIsAProgrammingError() {
            assertThrows(NullPointerException.class, () -> NodeId.parse(null));
            assertThrows(NullPointerException.class, () -> new NodeId(null, "h", 1));
            assertThrows(NullPointerException.class, () -> new NodeId("a", null, 1));
        }
    }

    @Nested
    class Ports {
        @ParameterizedTest
        @CsvSource({"1, 1", "7946, 7946", "65535, 65535"})
        void acceptsOneTo65535(String text, int port) {
            assertEquals(port, NodeId.parse("a@h:" + text).port());
            assertEquals(port, new NodeId("a", "h", port).port());
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "99999"})
        void rejectsNumbersOutOfRange(String port) {
            rejected("a@h:" + port, "port " + Integer.parseInt(port) + " is out of range 1-65535");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "abc", "", "+1", "1.0", "123456", " 1", "٣"})
        void rejectsWhatIsNotANumber(String port) {
            rejected("a@h:" + port, "port '" + port + "' must be a number from 1 to 65535");
        }

        @Test
        void constructorRejectsOutOfRangeQuotingTheId() {
            InvalidNodeIdException zero = assertThrows(InvalidNodeIdException.class, () -> new NodeId("a", "h", 0));
            assertEquals("node id 'a@h:0': port 0 is out of range 1-65535", zero.getMessage());
            InvalidNodeIdException negative = assertThrows(InvalidNodeIdException.class, () -> new NodeId("a", "h", -1));
            assertTrue(negative.getMessage().contains("port -1 is out of range 1-65535"), negative.getMessage());
            assertThrows(InvalidNodeIdException.class, () -> new NodeId("a", "h", 65536));
        }
    }

    @Nested
    class Format {
        @ParameterizedTest
        @ValueSource(strings = {
            "a@10.0.0.1:7946", "web-1@0.0.0.0:1", "b@255.255.255.255:65535",
            "c@[::1]:7946", "d@[fe80::1:2]:1", "e@[2001:db8::1.2.3.4]:5",
            "f@[2001:db8:0:0:0:0:0:1]:80", "g@localhost:7946", "h@Node-1.Example.COM:443"})
        void toStringRoundTrips(String text) {
            NodeId id = NodeId.parse(text);
            assertEquals(text, id.toString());
            assertEquals(id, NodeId.parse(id.toString()));
        }

        @Test
        void keepsTheHostWithoutBracketsAndAddsThemBack() {
            NodeId id = NodeId.parse("a@[::1]:7946");
            assertEquals("::1", id.host());
            assertEquals(7946, id.port());
            assertEquals("a@[::1]:7946", id.toString());
            assertEquals("a@[::1]:7946", new NodeId("a", "::1", 7946).toString());
        }

        @Test
        void addressMatchesTheId() {
            NodeId id = NodeId.parse("a@[fe80::1:2]:1");
            assertEquals(new Address("fe80::1:2", 1), id.address());
            assertEquals(id, NodeId.of("a", id.address()));
            assertEquals("[fe80::1:2]:1", id.address().toString());
        }

        @Test
        void isAValue() {
            assertEquals(NodeId.parse("a@h:1"), new NodeId("a", "h", 1));
            assertEquals(NodeId.parse("a@h:1").hashCode(), new NodeId("a", "h", 1).hashCode());
            assertNotEquals(NodeId.parse("a@h:1"), NodeId.parse("a@h:2"));
            assertNotEquals(NodeId.parse("a@h:1"), NodeId.parse("a@g:1"));
        }

        @Test
        void ofValidatesTheName() {
            Address address = Address.parse("h:1");
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> NodeId.of("9bad", address));
            assertTrue(e.getMessage().contains("'9bad'") && e.getMessage().contains(NAME_RULE), e.getMessage());
        }
    }

    @Nested
    class DerivedNames {
        @ParameterizedTest
        @CsvSource({
            "10.0.0.5, 7946, node-10_0_0_5-7946",
            "127.0.0.1, 1, node-127_0_0_1-1",
            "255.255.255.255, 65535, node-255_255_255_255-65535",
            "::1, 7946, node-0_0_0_0_0_0_0_1-7946",
            "0:0:0:0:0:0:0:1, 7946, node-0_0_0_0_0_0_0_1-7946",
            "FE80:0000::00AB:1, 7000, node-fe80_0_0_0_0_0_ab_1-7000",
            "2001:db8:85a3:8d3:1319:8a2e:370:7348, 65535, node-2001_db8_85a3_8d3_1319_8a2e_370_7348-65535",
            "::ffff:10.0.0.5, 7946, node-10_0_0_5-7946",
            "localhost, 7946, node-localhost-7946",
            "Web-1.Example.org, 7946, node-web-1_example_org-7946",
            "7eleven.example, 80, node-7eleven_example-80",
        })
        void mapIpv4Ipv6AndHostnamesToValidStableNames(String host, int port, String name) {
            String derived = NodeId.nameFor(new Address(host, port));
            assertEquals(name, derived);
            assertEquals(derived, NodeId.checkName(derived));
            assertEquals(derived, NodeId.nameFor(Address.parse(new NodeId("x", host, port).address().toString())),
                    "the same address parsed again names the same");
        }

        @Test
        void aLongHostnameIsCutValidlyAndKeepsAHashOfTheWhole() {
            String host = "a".repeat(63) + "." + "b".repeat(63) + ".example.org";
            String name = NodeId.nameFor(new Address(host, 7946));
            assertEquals("node-" + "a".repeat(45) + "-260f6bdd-7946", name);
            assertEquals(NodeId.MAX_NAME_LENGTH, name.length());
            String sibling = NodeId.nameFor(new Address(host.replace('b', 'c'), 7946));
            assertEquals("node-" + "a".repeat(45) + "-f2c2da74-7946", sibling, "same start, other host: another name");
            assertEquals(name, NodeId.nameFor(new Address(host.toUpperCase(java.util.Locale.ROOT), 7946)),
                    "hostnames ignore case");
            for (int port : new int[] {1, 80, 7946, 65535}) {
                String n = NodeId.nameFor(new Address(host, port));
                assertEquals(n, NodeId.checkName(n));
                assertEquals(NodeId.MAX_NAME_LENGTH, n.length(), n);
                assertTrue(n.endsWith("-" + port), n);
            }
            String longest = "a".repeat(55) + ".b";
            assertEquals(64, ("node-" + longest.replace('.', '_') + "-1").length());
            assertEquals("node-" + "a".repeat(55) + "_b-1", NodeId.nameFor(new Address(longest, 1)), "64 characters fit uncut");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "::", "0:0:0:0:0:0:0:0", "::ffff:0.0.0.0"})
        void aWildcardAddressNamesNoMachineAndIsRefused(String host) {
            InvalidNodeIdException e = assertThrows(InvalidNodeIdException.class, () -> NodeId.nameFor(new Address(host, 7946)));
            assertTrue(e.getMessage().contains("wildcard address '" + new Address(host, 7946) + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("use the address others dial, or name the node"), e.getMessage());
        }

        @Test
        void nullIsRefused() {
            assertThrows(NullPointerException.class, () -> NodeId.nameFor(null));
        }
    }
}
