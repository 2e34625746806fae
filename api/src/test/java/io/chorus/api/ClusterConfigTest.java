package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ClusterConfig}: defaults, profiles, the builder and validation. */
class ClusterConfigTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Builds, expects a rejection, and checks field, value, allowed range and the message made of them. */
    static InvalidConfigException invalid(ClusterConfig.Builder builder, String field, String value, String allowed) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, builder::build);
        assertEquals(field, e.field(), e::getMessage);
        assertEquals(value, e.value(), e::getMessage);
        assertEquals(allowed, e.allowed(), e::getMessage);
        assertEquals("invalid config: " + field + " = " + value + ": " + allowed, e.getMessage());
        return e;
    }

    /** Every public accessor of the config, by name: what a round trip must keep. */
    static Map<String, Object> accessors(ClusterConfig config) throws ReflectiveOperationException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method m : ClusterConfig.class.getDeclaredMethods()) {
            boolean accessor = Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0 && m.getReturnType() != void.class
                    && !Set.of("toBuilder", "toString", "hashCode").contains(m.getName());
            if (accessor) {
                values.put(m.getName(), m.invoke(config));
            }
        }
        return values;
    }

    /** A config with every field away from its default. */
    static ClusterConfig everyFieldSet() {
        return ClusterConfig.builder("web-1")
                .profile(Profile.WAN)
                .bind("10.0.0.5", 7000)
                .advertise("node1.example.com", 7001)
                .seed("10.0.0.1:7946")
                .seed("seed@[::1]:7946")
                .tag("role", "web")
                .tag("zone", "eu-1")
                .probeInterval(Duration.ofSeconds(2))
                .probeTimeout(ms(900))
                .indirectChecks(5)
                .suspicionMultiplier(7)
                .suspicionMaxMultiplier(9)
                .gossipInterval(ms(300))
                .gossipFanout(6)
                .retransmitMultiplier(8)
                .pushPullInterval(Duration.ZERO)
                .joinTimeout(Duration.ofSeconds(20))
                .leaveTimeout(Duration.ofSeconds(4))
                .reconnect(Duration.ofSeconds(2), Duration.ofMinutes(2))
                .deadRetention(Duration.ofHours(1))
                .awarenessMaxMultiplier(4)
                .transport("tcp")
                .discovery(List.of("static", "dns"))
                .failureDetector("phi-accrual")
                .hashFunction("murmur3")
                .ringStrategy("jump")
                .signer("hmac")
                .exclude("udp")
                .secret(Secret.ofText("0123456789abcdef"))
                .label("payments-prod")
                .encryption(Encryption.ACCEPT)
                .option("transport.tcp.connect-timeout", "2s")
                .build();
    }

    @Nested
    class LabelAndEncryption {
        @Test
        void noLabelAndEncryptionOffUnlessSet() {
            ClusterConfig c = ClusterConfig.builder("web-1").build();
            assertEquals(Optional.empty(), c.label());
            assertEquals(Encryption.OFF, c.encryption());
            assertFalse(c.toString().contains("label"), c.toString());
        }

        @Test
        void aLabelIsOneTo128BytesOfUtf8NotBlank() {
            assertEquals(Optional.of("ü"), ClusterConfig.builder("a").label("ü").build().label());
            ClusterConfig.builder("a").label("x".repeat(128)).build();
            for (String bad : List.of("", "   ", "x".repeat(129), "ü".repeat(65))) {
                InvalidConfigException e = assertThrows(InvalidConfigException.class,
                        () -> ClusterConfig.builder("a").label(bad).build(), bad);
                assertEquals("label", e.field());
                assertTrue(e.allowed().contains("1 to 128 bytes of UTF-8"), e.getMessage());
            }
            assertThrows(NullPointerException.class, () -> ClusterConfig.builder("a").label(null));
        }

        @Test
        void encryptionNeedsASecret() {
            for (Encryption mode : List.of(Encryption.ACCEPT, Encryption.SEND, Encryption.ON)) {
                InvalidConfigException e = assertThrows(InvalidConfigException.class,
                        () -> ClusterConfig.builder("a").encryption(mode).build());
                assertEquals("encryption", e.field());
                assertEquals(mode.id(), e.value());
                assertTrue(e.allowed().contains("a secret"), e.getMessage());
            }
            assertEquals(Encryption.ON, ClusterConfig.builder("a").secret(Secret.ofText("0123456789abcdef"))
                    .encryption(Encryption.ON).build().encryption());
        }

        @Test
        void theModesSayWhatTheySendAndAccept() {
            assertEquals(List.of(false, false, true, true), Arrays.stream(Encryption.values()).map(Encryption::sendsSealed).toList());
            assertEquals(List.of(false, true, true, true), Arrays.stream(Encryption.values()).map(Encryption::acceptsSealed).toList());
            assertEquals(List.of(true, true, true, false), Arrays.stream(Encryption.values()).map(Encryption::acceptsSigned).toList());
            assertEquals(Encryption.SEND, Encryption.parse(" Send "));
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Encryption.parse("yes"));
            assertEquals("invalid config: encryption = 'yes': one of off, accept, send, on", e.getMessage());
        }

        @Test
        void eachStepOnAcceptsWhatTheStepBeforeAndAfterSends() {
            Encryption[] steps = Encryption.values();
            for (int i = 0; i + 1 < steps.length; i++) {
                Encryption a = steps[i];
                Encryption b = steps[i + 1];
                assertTrue(a.sendsSealed() ? b.acceptsSealed() : b.acceptsSigned(), a + " to " + b);
                assertTrue(b.sendsSealed() ? a.acceptsSealed() : a.acceptsSigned(), b + " to " + a);
            }
        }
    }

    @Nested
    class Defaults {
        @Test
        void areTheLanProfileBoundToEveryInterfaceOnTheDefaultPort() {
            ClusterConfig c = ClusterConfig.builder("web-1").build();
            assertEquals("web-1", c.name());
            assertEquals("0.0.0.0", c.bindHost());
            assertEquals(7946, c.bindPort());
            assertEquals(ClusterConfig.DEFAULT_PORT, c.bindPort());
            assertEquals(Optional.empty(), c.advertiseHost());
            assertEquals(0, c.advertisePort());
            assertEquals(List.of(), c.seeds());
            assertEquals(Map.of(), c.tags());
            assertEquals(Profile.LAN, c.profile());
            assertEquals(ms(500), c.probeInterval());
            assertEquals(ms(200), c.probeTimeout());
            assertEquals(3, c.indirectChecks());
            assertEquals(4, c.suspicionMultiplier());
            assertEquals(6, c.suspicionMaxMultiplier());
            assertEquals(ms(200), c.gossipInterval());
            assertEquals(3, c.gossipFanout());
            assertEquals(4, c.retransmitMultiplier());
            assertEquals(Duration.ofSeconds(30), c.pushPullInterval());
            assertEquals(Duration.ofSeconds(10), c.joinTimeout());
            assertEquals(Duration.ofSeconds(3), c.leaveTimeout());
            assertEquals(Duration.ofSeconds(1), c.reconnectInterval());
            assertEquals(Duration.ofSeconds(30), c.reconnectMaxInterval());
            assertEquals(Duration.ofHours(24), c.deadRetention());
            assertEquals(8, c.awarenessMaxMultiplier());
            assertEquals(Optional.empty(), c.transport());
            assertEquals(List.of(), c.discovery());
            assertEquals(Optional.empty(), c.failureDetector());
            assertEquals(Optional.empty(), c.hashFunction());
            assertEquals(Optional.empty(), c.ringStrategy());
            assertEquals(Optional.empty(), c.signer());
            assertEquals(Set.of(), c.excludedProviders());
            assertEquals(Optional.empty(), c.secret());
            assertEquals(Options.empty(), c.options());
        }

        @Test
        void noAccessorReturnsNull() throws ReflectiveOperationException {
            accessors(ClusterConfig.builder("a").build())
                    .forEach((name, value) -> assertTrue(value != null, name + "() returned null"));
        }
    }

    @Nested
    class Profiles {
        /** The table in {@link Profile}'s javadoc, one row per profile. */
        static Stream<Arguments> presets() {
            return Stream.of(
                    Arguments.of(Profile.LAN, ms(500), ms(200), 3, 4, 6, ms(200), 3, 4, ms(30_000), ms(10_000), ms(3_000)),
                    Arguments.of(Profile.WAN, ms(3_000), ms(2_000), 4, 6, 6, ms(500), 4, 4, ms(60_000), ms(60_000),
                            ms(10_000)),
                    Arguments.of(Profile.LOCAL, ms(200), ms(100), 3, 3, 6, ms(100), 3, 3, ms(15_000), ms(5_000),
                            ms(1_000)));
        }

        @ParameterizedTest
        @MethodSource("presets")
        void setEveryTimingFieldAsDocumented(Profile profile, Duration probeInterval, Duration probeTimeout,
                int indirectChecks, int alpha, int beta, Duration gossipInterval, int fanout, int lambda,
                Duration pushPull, Duration join, Duration leave) {
            // start from a builder whose every preset field differs from every preset
            ClusterConfig.Builder builder = ClusterConfig.builder("a")
                    .probeInterval(Duration.ofSeconds(7)).probeTimeout(Duration.ofSeconds(5)).indirectChecks(9)
                    .suspicionMultiplier(9).suspicionMaxMultiplier(9).gossipInterval(Duration.ofSeconds(9))
                    .gossipFanout(9).retransmitMultiplier(9).pushPullInterval(Duration.ofMinutes(9))
                    .joinTimeout(Duration.ofMinutes(9)).leaveTimeout(Duration.ofMinutes(2));
            ClusterConfig c = builder.profile(profile).build();
            assertEquals(profile, c.profile());
            assertEquals(probeInterval, c.probeInterval());
            assertEquals(probeTimeout, c.probeTimeout());
            assertEquals(indirectChecks, c.indirectChecks());
            assertEquals(alpha, c.suspicionMultiplier());
            assertEquals(beta, c.suspicionMaxMultiplier());
            assertEquals(gossipInterval, c.gossipInterval());
            assertEquals(fanout, c.gossipFanout());
            assertEquals(lambda, c.retransmitMultiplier());
            assertEquals(pushPull, c.pushPullInterval());
            assertEquals(join, c.joinTimeout());
            assertEquals(leave, c.leaveTimeout());
        }

        @ParameterizedTest
        @EnumSource(Profile.class)
        void shareTheReconnectRetentionAndAwarenessDefaults(Profile profile) {
            ClusterConfig c = ClusterConfig.builder("a").profile(profile).build();
            assertEquals(Duration.ofSeconds(1), c.reconnectInterval());
            assertEquals(Duration.ofSeconds(30), c.reconnectMaxInterval());
            assertEquals(Duration.ofHours(24), c.deadRetention());
            assertEquals(8, c.awarenessMaxMultiplier());
        }

        @ParameterizedTest
        @EnumSource(Profile.class)
        void presetsPassValidation(Profile profile) {
            ClusterConfig c = ClusterConfig.builder("a").profile(profile).build();
            assertTrue(c.probeTimeout().compareTo(c.probeInterval()) < 0);
        }

        @Test
        void laterSettersOverrideSingleFields() {
            ClusterConfig c = ClusterConfig.builder("a").profile(Profile.WAN)
                    .probeInterval(Duration.ofSeconds(5)).gossipFanout(7).build();
            assertEquals(Duration.ofSeconds(5), c.probeInterval());
            assertEquals(7, c.gossipFanout());
            assertEquals(Profile.WAN, c.profile());
            assertEquals(Duration.ofSeconds(2), c.probeTimeout());
            assertEquals(4, c.indirectChecks());
            assertEquals(Duration.ofSeconds(60), c.joinTimeout());
        }

        @Test
        void aLaterProfileReplacesEarlierTiming() {
            ClusterConfig c = ClusterConfig.builder("a").profile(Profile.LOCAL).gossipFanout(7)
                    .profile(Profile.WAN).build();
            assertEquals(Profile.WAN, c.profile());
            assertEquals(4, c.gossipFanout());
        }

        @Test
        void theProfileLeavesIdentityAndProvidersAlone() {
            ClusterConfig c = ClusterConfig.builder("a").bind("127.0.0.1", 1).tag("k", "v").transport("tcp")
                    .profile(Profile.LOCAL).build();
            assertEquals("127.0.0.1", c.bindHost());
            assertEquals(1, c.bindPort());
            assertEquals(Map.of("k", "v"), c.tags());
            assertEquals(Optional.of("tcp"), c.transport());
        }
    }

    @Nested
    class Building {
        @Test
        void toBuilderKeepsEveryField() throws ReflectiveOperationException {
            ClusterConfig original = everyFieldSet();
            ClusterConfig copy = original.toBuilder().build();
            Map<String, Object> expected = accessors(original);
            assertTrue(expected.size() >= 32, "accessors found: " + expected.keySet());
            assertEquals(expected, accessors(copy));
        }

        @Test
        void everyFieldSetDiffersFromTheDefaults() throws ReflectiveOperationException {
            Map<String, Object> set = accessors(everyFieldSet());
            Map<String, Object> defaults = accessors(ClusterConfig.builder("web-1").build());
            set.forEach((name, value) -> {
                if (!name.equals("name")) {
                    assertNotEquals(defaults.get(name), value, name + " should differ from its default here");
                }
            });
        }

        @Test
        void toBuilderChangesNeverReachTheOriginal() {
            ClusterConfig original = everyFieldSet();
            ClusterConfig changed = original.toBuilder().name("web-2").tag("role", "db").seed("10.0.0.9:1")
                    .exclude("dns").gossipFanout(2).option("x", "1").build();
            assertEquals("web-2", changed.name());
            assertEquals("web-1", original.name());
            assertEquals("web", original.tags().get("role"));
            assertEquals(2, original.seeds().size());
            assertEquals(3, changed.seeds().size());
            assertEquals(Set.of("udp"), original.excludedProviders());
            assertEquals(6, original.gossipFanout());
            assertEquals(Optional.empty(), original.options().get("x"));
        }

        @Test
        void theBuilderIsCopiedAtBuild() {
            ClusterConfig.Builder builder = ClusterConfig.builder("a").tag("k", "v").seed("h:1");
            ClusterConfig first = builder.build();
            builder.tag("k2", "v2").seed("h:2").discovery(List.of("dns")).exclude("udp");
            assertEquals(Map.of("k", "v"), first.tags());
            assertEquals(List.of("h:1"), first.seeds());
            assertEquals(List.of(), first.discovery());
            assertEquals(Set.of(), first.excludedProviders());
        }

        @Test
        void collectionsAreUnmodifiable() {
            ClusterConfig c = everyFieldSet();
            assertThrows(UnsupportedOperationException.class, () -> c.seeds().add("h:1"));
            assertThrows(UnsupportedOperationException.class, () -> c.tags().put("k", "v"));
            assertThrows(UnsupportedOperationException.class, () -> c.discovery().add("x"));
            assertThrows(UnsupportedOperationException.class, () -> c.excludedProviders().add("x"));
            assertThrows(UnsupportedOperationException.class, () -> c.options().asMap().put("k", "v"));
        }

        @Test
        void listSettersReplace() {
            ClusterConfig c = ClusterConfig.builder("a").seed("h:1").seeds(List.of("h:2", "h:3"))
                    .tag("a", "1").tags(Map.of("b", "2")).discovery(List.of("dns")).discovery(List.of("static"))
                    .option("x", "1").options(Options.of(Map.of("y", "2"))).build();
            assertEquals(List.of("h:2", "h:3"), c.seeds());
            assertEquals(Map.of("b", "2"), c.tags());
            assertEquals(List.of("static"), c.discovery());
            assertEquals(Map.of("y", "2"), c.options().asMap());
        }

        @Test
        void optionAddsToTheOptions() {
            ClusterConfig c = ClusterConfig.builder("a").option("b.key", "1").option("a.key", "2").option("b.key", "3")
                    .build();
            assertEquals(Map.of("a.key", "2", "b.key", "3"), c.options().asMap());
            assertEquals(List.of("a.key", "b.key"), new ArrayList<>(c.options().asMap().keySet()));
        }

        @Test
        void nullIsAProgrammingError() {
            ClusterConfig.Builder b = ClusterConfig.builder("a");
            assertThrows(NullPointerException.class, () -> ClusterConfig.builder(null));
            assertThrows(NullPointerException.class, () -> b.bind(null, 1));
            assertThrows(NullPointerException.class, () -> b.tag("k", null));
            assertThrows(NullPointerException.class, () -> b.probeInterval(null));
            assertThrows(NullPointerException.class, () -> b.profile(null));
            assertThrows(NullPointerException.class, () -> b.seed(null));
            assertThrows(NullPointerException.class, () -> b.transport(null));
        }

        @Test
        void toStringNamesTheNodeAndHidesTheSecret() {
            ClusterConfig c = everyFieldSet();
            String text = c.toString();
            assertTrue(text.contains("name=web-1"), text);
            assertTrue(text.contains("bind=10.0.0.5:7000"), text);
            assertTrue(text.contains("secret=set"), text);
            assertFalse(text.contains("0123456789abcdef"), text);
            assertTrue(ClusterConfig.builder("a").bind("::", 1).build().toString().contains("bind=[::]:1"));
        }
    }

    @Nested
    class Validation {
        @Test
        void nameFollowsTheNodeIdRule() {
            invalid(ClusterConfig.builder("9bad"), "name", "'9bad'", "node name '9bad' is invalid: a node name "
                    + "starts with a letter, then letters, digits, '_' or '-', at most 64 characters");
            String long65 = "a".repeat(65);
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> ClusterConfig.builder(long65).build());
            assertEquals("name", e.field());
            assertEquals("'" + long65 + "'", e.value());
            assertEquals("a".repeat(64), ClusterConfig.builder("a".repeat(64)).build().name());
            invalid(ClusterConfig.builder("ok").name(""), "name", "''", "node name '' is invalid: a node name "
                    + "starts with a letter, then letters, digits, '_' or '-', at most 64 characters");
        }

        @Test
        void bindHostFollowsTheHostRule() {
            invalid(ClusterConfig.builder("a").bind("bad_host", 1), "bindHost", "'bad_host'",
                    "hostname 'bad_host' may hold only letters, digits, '-' and '.' (found '_')");
            invalid(ClusterConfig.builder("a").bind("256.0.0.1", 1), "bindHost", "'256.0.0.1'",
                    "'256.0.0.1' is not a valid IPv4 address (four numbers 0-255, no leading zeros)");
            invalid(ClusterConfig.builder("a").bind("[::1]", 1), "bindHost", "'[::1]'",
                    "'[::1]' is not a valid IPv6 address");
            invalid(ClusterConfig.builder("a").bind("", 1), "bindHost", "''", "the host is empty");
            for (String ok : new String[] {"::", "::1", "0.0.0.0", "localhost", "node-1.example.com"}) {
                assertEquals(ok, ClusterConfig.builder("a").bind(ok, 1).build().bindHost());
            }
        }

        @Test
        void advertiseHostFollowsTheHostRule() {
            invalid(ClusterConfig.builder("a").advertise("a..b", 1), "advertiseHost", "'a..b'",
                    "hostname 'a..b' has an empty label or one longer than 63 characters");
            assertEquals(Optional.of("fe80::1"), ClusterConfig.builder("a").advertise("fe80::1", 1).build()
                    .advertiseHost());
        }

        static Stream<Arguments> outOfRange() {
            return Stream.of(
                    row("bindPort", b -> b.bind("h", -1), "-1", "allowed 0 to 65535"),
                    row("bindPort", b -> b.bind("h", 65536), "65536", "allowed 0 to 65535"),
                    row("advertisePort", b -> b.advertise("h", -1), "-1", "allowed 0 to 65535"),
                    row("advertisePort", b -> b.advertise("h", 65536), "65536", "allowed 0 to 65535"),
                    row("probeInterval", b -> b.probeInterval(ms(5)).probeTimeout(ms(1)), "5ms", "allowed 10ms to 1m"),
                    row("probeInterval", b -> b.probeInterval(ms(9)).probeTimeout(ms(1)), "9ms", "allowed 10ms to 1m"),
                    row("probeInterval", b -> b.probeInterval(ms(60_001)), "60001ms", "allowed 10ms to 1m"),
                    row("probeTimeout", b -> b.probeTimeout(Duration.ZERO), "0ms",
                            "allowed 1ms up to, not including, probeInterval (500ms)"),
                    row("probeTimeout", b -> b.probeTimeout(ms(500)), "500ms",
                            "allowed 1ms up to, not including, probeInterval (500ms)"),
                    row("indirectChecks", b -> b.indirectChecks(-1), "-1", "allowed 0 to 16"),
                    row("indirectChecks", b -> b.indirectChecks(17), "17", "allowed 0 to 16"),
                    row("suspicionMultiplier", b -> b.suspicionMultiplier(0), "0", "allowed 1 to 100"),
                    row("suspicionMultiplier", b -> b.suspicionMultiplier(101), "101", "allowed 1 to 100"),
                    row("suspicionMaxMultiplier", b -> b.suspicionMaxMultiplier(0), "0", "allowed 1 to 100"),
                    row("suspicionMaxMultiplier", b -> b.suspicionMaxMultiplier(101), "101", "allowed 1 to 100"),
                    row("gossipInterval", b -> b.gossipInterval(ms(9)), "9ms", "allowed 10ms to 1m"),
                    row("gossipInterval", b -> b.gossipInterval(ms(60_001)), "60001ms", "allowed 10ms to 1m"),
                    row("gossipFanout", b -> b.gossipFanout(0), "0", "allowed 1 to 32"),
                    row("gossipFanout", b -> b.gossipFanout(33), "33", "allowed 1 to 32"),
                    row("retransmitMultiplier", b -> b.retransmitMultiplier(0), "0", "allowed 1 to 100"),
                    row("retransmitMultiplier", b -> b.retransmitMultiplier(101), "101", "allowed 1 to 100"),
                    row("pushPullInterval", b -> b.pushPullInterval(ms(999)), "999ms", "allowed 1s to 24h"),
                    row("pushPullInterval", b -> b.pushPullInterval(ms(86_400_001)), "86400001ms",
                            "allowed 1s to 24h"),
                    row("pushPullInterval", b -> b.pushPullInterval(Duration.ofSeconds(-1)), "-1s",
                            "allowed 1s to 24h"),
                    row("joinTimeout", b -> b.joinTimeout(ms(99)), "99ms", "allowed 100ms to 1h"),
                    row("joinTimeout", b -> b.joinTimeout(ms(3_600_001)), "3600001ms", "allowed 100ms to 1h"),
                    row("leaveTimeout", b -> b.leaveTimeout(ms(-1)), "-1ms", "allowed 0ms to 5m"),
                    row("leaveTimeout", b -> b.leaveTimeout(ms(300_001)), "300001ms", "allowed 0ms to 5m"),
                    row("reconnectInterval", b -> b.reconnect(ms(99), Duration.ofSeconds(30)), "99ms",
                            "allowed 100ms to 10m"),
                    row("reconnectInterval", b -> b.reconnect(ms(600_001), Duration.ofHours(1)), "600001ms",
                            "allowed 100ms to 10m"),
                    row("reconnectMaxInterval", b -> b.reconnect(Duration.ofSeconds(2), ms(1_999)), "1999ms",
                            "allowed 2s to 1h"),
                    row("reconnectMaxInterval", b -> b.reconnect(Duration.ofSeconds(1), ms(3_600_001)), "3600001ms",
                            "allowed 1s to 1h"),
                    row("deadRetention", b -> b.deadRetention(ms(999)), "999ms", "allowed 1s to 720h"),
                    row("deadRetention", b -> b.deadRetention(Duration.ofDays(30).plusMillis(1)), "2592000001ms",
                            "allowed 1s to 720h"),
                    row("awarenessMaxMultiplier", b -> b.awarenessMaxMultiplier(-1), "-1", "allowed 0 to 32"),
                    row("awarenessMaxMultiplier", b -> b.awarenessMaxMultiplier(33), "33", "allowed 0 to 32"));
        }

        private static Arguments row(String field, Consumer<ClusterConfig.Builder> change, String value,
                String allowed) {
            return Arguments.of(field, change, value, allowed);
        }

        @ParameterizedTest(name = "{0} = {2}")
        @MethodSource("outOfRange")
        void rejectsJustOutsideTheRange(String field, Consumer<ClusterConfig.Builder> change, String value,
                String allowed) {
            ClusterConfig.Builder builder = ClusterConfig.builder("a");
            change.accept(builder);
            invalid(builder, field, value, allowed);
        }

        static Stream<Arguments> atTheEdges() {
            return Stream.of(
                    row("bindPort", b -> b.bind("h", 0), "0", ""),
                    row("bindPort", b -> b.bind("h", 65535), "65535", ""),
                    row("advertisePort", b -> b.advertise("h", 0), "0", ""),
                    row("advertisePort", b -> b.advertise("h", 65535), "65535", ""),
                    row("probeInterval", b -> b.probeInterval(ms(10)).probeTimeout(ms(9)), "10ms", ""),
                    row("probeInterval", b -> b.probeInterval(Duration.ofSeconds(60)), "1m", ""),
                    row("probeTimeout", b -> b.probeTimeout(ms(1)), "1ms", ""),
                    row("probeTimeout", b -> b.probeTimeout(ms(499)), "499ms", ""),
                    row("indirectChecks", b -> b.indirectChecks(0), "0", ""),
                    row("indirectChecks", b -> b.indirectChecks(16), "16", ""),
                    row("suspicionMultiplier", b -> b.suspicionMultiplier(1).suspicionMaxMultiplier(100), "1", ""),
                    row("gossipInterval", b -> b.gossipInterval(ms(10)), "10ms", ""),
                    row("gossipFanout", b -> b.gossipFanout(1), "1", ""),
                    row("gossipFanout", b -> b.gossipFanout(32), "32", ""),
                    row("retransmitMultiplier", b -> b.retransmitMultiplier(100), "100", ""),
                    row("pushPullInterval", b -> b.pushPullInterval(Duration.ZERO), "0", ""),
                    row("pushPullInterval", b -> b.pushPullInterval(Duration.ofSeconds(1)), "1s", ""),
                    row("pushPullInterval", b -> b.pushPullInterval(Duration.ofHours(24)), "24h", ""),
                    row("joinTimeout", b -> b.joinTimeout(ms(100)), "100ms", ""),
                    row("joinTimeout", b -> b.joinTimeout(Duration.ofHours(1)), "1h", ""),
                    row("leaveTimeout", b -> b.leaveTimeout(Duration.ZERO), "0", ""),
                    row("leaveTimeout", b -> b.leaveTimeout(Duration.ofMinutes(5)), "5m", ""),
                    row("reconnect", b -> b.reconnect(ms(100), ms(100)), "100ms/100ms", ""),
                    row("reconnect", b -> b.reconnect(Duration.ofMinutes(10), Duration.ofHours(1)), "10m/1h", ""),
                    row("deadRetention", b -> b.deadRetention(Duration.ofSeconds(1)), "1s", ""),
                    row("deadRetention", b -> b.deadRetention(Duration.ofDays(30)), "30d", ""),
                    row("awarenessMaxMultiplier", b -> b.awarenessMaxMultiplier(0), "0", ""),
                    row("awarenessMaxMultiplier", b -> b.awarenessMaxMultiplier(32), "32", ""));
        }

        @ParameterizedTest(name = "{0} = {2}")
        @MethodSource("atTheEdges")
        void acceptsTheEdgesOfTheRange(String field, Consumer<ClusterConfig.Builder> change, String value,
                String unused) {
            ClusterConfig.Builder builder = ClusterConfig.builder("a");
            change.accept(builder);
            builder.build();
        }

        @Test
        void probeTimeoutLongerThanProbeIntervalNamesTheInterval() {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> ClusterConfig.builder("a").probeTimeout(ms(600)).build());
            assertEquals("probeTimeout", e.field());
            assertEquals("600ms", e.value());
            assertTrue(e.getMessage().startsWith("invalid config: probeTimeout = 600ms: "), e.getMessage());
            assertTrue(e.getMessage().contains("500ms"), e.getMessage());
        }

        @Test
        void theFirstBadFieldIsReported() {
            invalid(ClusterConfig.builder("9bad").gossipFanout(0), "name", "'9bad'", "node name '9bad' is invalid: "
                    + "a node name starts with a letter, then letters, digits, '_' or '-', at most 64 characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"UDP", "Tcp", "1udp", "-udp", "udp_v4", "udp.v4", "", " udp",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
        void providerIdsAreLowercaseDashed(String id) {
            String allowed = "a provider id: lowercase letters, digits and '-', starting with a letter";
            String value = "'" + id + "'";
            invalid(ClusterConfig.builder("a").transport(id), "transport", value, allowed);
            invalid(ClusterConfig.builder("a").discovery(List.of("static", id)), "discovery", value, allowed);
            invalid(ClusterConfig.builder("a").failureDetector(id), "failureDetector", value, allowed);
            invalid(ClusterConfig.builder("a").hashFunction(id), "hashFunction", value, allowed);
            invalid(ClusterConfig.builder("a").ringStrategy(id), "ringStrategy", value, allowed);
            invalid(ClusterConfig.builder("a").signer(id), "signer", value, allowed);
            invalid(ClusterConfig.builder("a").exclude(id), "excludedProviders", value, allowed);
        }

        @Test
        void providerIdsMayHave64Characters() {
            String id = "a" + "1-".repeat(31) + "z";
            assertEquals(64, id.length());
            assertEquals(Optional.of(id), ClusterConfig.builder("a").transport(id).build().transport());
            assertEquals(Optional.of("phi-accrual"),
                    ClusterConfig.builder("a").failureDetector("phi-accrual").build().failureDetector());
        }
    }

    @Nested
    class Tags {
        private static final String KEY_RULE = "a tag key has 1 to 64 characters and no '='";

        @Test
        void keysHaveOneTo64CharactersAndNoEquals() {
            invalid(ClusterConfig.builder("a").tag("", "v"), "tags", "''", KEY_RULE);
            invalid(ClusterConfig.builder("a").tag(" ", "v"), "tags", "' '", KEY_RULE);
            invalid(ClusterConfig.builder("a").tag("a=b", "v"), "tags", "'a=b'", KEY_RULE);
            String long65 = "k".repeat(65);
            invalid(ClusterConfig.builder("a").tag(long65, "v"), "tags", "'" + long65 + "'", KEY_RULE);
            String long64 = "k".repeat(64);
            assertEquals("v", ClusterConfig.builder("a").tag(long64, "v").build().tags().get(long64));
        }

        @Test
        void valuesMayBeEmptyOrHoldAnything() {
            ClusterConfig c = ClusterConfig.builder("a").tag("empty", "").tag("eq", "a=b,c").build();
            assertEquals("", c.tags().get("empty"));
            assertEquals("a=b,c", c.tags().get("eq"));
        }

        @Test
        void theTotalIsAtMost512BytesCountingTwoPerTag() {
            assertEquals(512, ClusterConfig.MAX_TAG_BYTES);
            // 1 + 509 + 2 = 512
            ClusterConfig.builder("a").tag("k", "v".repeat(509)).build();
            invalid(ClusterConfig.builder("a").tag("k", "v".repeat(510)), "tags", "513 bytes",
                    "at most 512 bytes in all, encoded");
            // two tags: (1 + 253 + 2) * 2 = 512, one more byte is too many
            ClusterConfig.builder("a").tag("a", "v".repeat(253)).tag("b", "v".repeat(253)).build();
            invalid(ClusterConfig.builder("a").tag("a", "v".repeat(253)).tag("b", "v".repeat(254)), "tags",
                    "513 bytes", "at most 512 bytes in all, encoded");
        }

        @Test
        void sizeIsCountedInUtf8() {
            // 1 + 2 * 254 + 2 = 511: fits, though 'é' is one char
            ClusterConfig.builder("a").tag("k", "é".repeat(254)).build();
            invalid(ClusterConfig.builder("a").tag("k", "é".repeat(255)), "tags", "513 bytes",
                    "at most 512 bytes in all, encoded");
        }

        @Test
        void checkTagsIsTheSameRule() {
            ClusterConfig.checkTags(Map.of("role", "web"));
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> ClusterConfig.checkTags(Map.of("k", "v".repeat(600))));
            assertEquals("tags", e.field());
            assertEquals("603 bytes", e.value());
            InvalidConfigException key = assertThrows(InvalidConfigException.class,
                    () -> ClusterConfig.checkTags(Map.of("a=b", "v")));
            assertEquals("'a=b'", key.value());
            assertEquals(KEY_RULE, key.allowed());
        }
    }

    @org.junit.jupiter.api.Test
    void aTransportMayNamePacketsAndFramesJoinedByAPlus() {
        assertEquals("udp+tcp", ClusterConfig.builder("a").transport("udp+tcp").build().transport().orElseThrow());
        InvalidConfigException three = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                () -> ClusterConfig.builder("a").transport("udp+tcp+quic").build());
        assertEquals("transport", three.field());
        InvalidConfigException bad = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                () -> ClusterConfig.builder("a").transport("udp+").build());
        assertEquals("transport", bad.field());
    }
}
