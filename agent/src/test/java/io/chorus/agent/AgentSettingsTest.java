package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The agent's settings, declared once: flag, variable, JSON key and the README's table all agree. */
class AgentSettingsTest {
    private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();
    private static final String BEGIN = "<!-- agent-settings:begin";
    private static final String END = "<!-- agent-settings:end -->";

    @Test
    void theReadmeTableIsTheDeclaration() throws IOException {
        String text = Files.readString(README, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has the markers " + BEGIN + " ... " + END);
        int tableStart = text.indexOf('\n', begin) + 1;
        String expected = AgentSettings.markdownTable();
        if (Boolean.getBoolean("chorus.readme.write")) {
            Files.writeString(README, text.substring(0, tableStart) + expected + text.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, text.substring(tableStart, end), "README.md's table of agent settings is stale: run the "
                + "agent's tests with -Dchorus.readme.write=true");
    }

    @Test
    void everySettingHasOneFlagOneVariableAndOneKey() {
        Set<String> names = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (AgentSettings.Setting s : AgentSettings.ALL) {
            assertTrue(names.add(s.name()), "one setting per name: " + s.name());
            assertTrue(variables.add(s.env()), "one setting per variable: " + s.env());
            assertTrue(s.env().startsWith("CHORUS_"), s.env());
            assertTrue(s.name().matches("[a-z][a-z-]*"), s.name());
            assertTrue(!s.help().isBlank() && !s.help().endsWith("."), "help is one clause: " + s.name());
        }
        assertEquals(AgentSettings.ALL.size(), AgentArgs.ENV_KEYS.size());
    }

    private static AgentArgs parse(Map<String, String> env, String... args) {
        return AgentArgs.parse(List.of(args), env, () -> Optional.of("box"));
    }

    private static String fails(Map<String, String> env, String... args) {
        return assertThrows(UsageException.class, () -> parse(env, args)).getMessage();
    }

    @Test
    void timingFlagsOverrideTheProfileFromEachSource(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("agent.json");
        Files.writeString(json, "{\"bind\": \"127.0.0.1:7000\", \"profile\": \"wan\", \"probe-interval\": \"2s\", "
                + "\"gossip-fanout\": 5, \"suspicion-multiplier\": \"7\"}");
        ClusterConfig c = parse(Map.of("CHORUS_GOSSIP_FANOUT", "6", "CHORUS_PUSH_PULL_INTERVAL", "90s"), "--config",
                json.toString(), "--suspicion-multiplier", "9", "--probe-timeout=300ms").config;
        assertEquals(Profile.WAN, c.profile());
        assertEquals(Duration.ofSeconds(2), c.probeInterval(), "the file");
        assertEquals(6, c.gossipFanout(), "the environment beats the file");
        assertEquals(9, c.suspicionMultiplier(), "the flag beats the file");
        assertEquals(Duration.ofMillis(300), c.probeTimeout());
        assertEquals(Duration.ofSeconds(90), c.pushPullInterval());
        assertEquals(Duration.ofMillis(500), c.gossipInterval(), "what no source sets stays the profile's");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--probe-interval|soon|a duration",
        "--probe-interval|1ms|10ms",
        "--suspicion-multiplier|0|",
        "--suspicion-multiplier|many|a whole number",
        "--gossip-fanout|-1|",
        "--indirect-checks|99|",
        "--hash|Fnv 1a|a provider id",
        "--advertise|203.0.113.7|HOST:PORT",
    })
    void aBadTimingOrProviderValueNamesTheFlagTheValueAndTheRange(String flag, String value, String says) {
        String message = fails(Map.of(), "--bind", "127.0.0.1:7000", flag, value);
        assertTrue(message.startsWith("chorus agent: invalid " + flag + " '" + value + "': "), message);
        assertTrue(says == null || message.contains(says), message);
    }

    @Test
    void aBadVariableOrKeyIsNamed(@TempDir Path dir) throws IOException {
        assertEquals("chorus agent: invalid environment variable CHORUS_GOSSIP_FANOUT 'x': a whole number",
                fails(Map.of("CHORUS_GOSSIP_FANOUT", "x"), "--bind", "127.0.0.1:7000"));
        Path json = dir.resolve("agent.json");
        Files.writeString(json, "{\"bind\": \"127.0.0.1:7000\", \"failure-detector\": \"Phi\"}");
        assertEquals("chorus agent: invalid \"failure-detector\" in " + json + " 'Phi': a provider id: lowercase letters, "
                + "digits and '-', starting with a letter", fails(Map.of(), "--config", json.toString()));
    }

    @Test
    void providersAndAdvertiseReachTheConfig() {
        AgentArgs a = parse(Map.of("CHORUS_DISCOVERY", "dns"), "--bind", "127.0.0.1:7000", "--failure-detector",
                "phi-accrual", "--hash", "murmur3", "--ring", "maglev", "--signer", "hmac-sha256", "--advertise",
                "203.0.113.7:0", "--seed", "10.0.0.1:7000");
        assertEquals("phi-accrual", a.config.failureDetector().orElseThrow());
        assertEquals("murmur3", a.config.hashFunction().orElseThrow());
        assertEquals("maglev", a.config.ringStrategy().orElseThrow());
        assertEquals("hmac-sha256", a.config.signer().orElseThrow());
        assertEquals("203.0.113.7", a.config.advertiseHost().orElseThrow());
        assertEquals(List.of("dns", "static"), a.config.discovery(), "--seed keeps the static source beside those named");
        assertEquals(List.of("10.0.0.1:7000"), a.config.seeds(), "seeds go to the static source: discovery is asked too");
        assertTrue(a.joins() && a.discovers());
    }
}
