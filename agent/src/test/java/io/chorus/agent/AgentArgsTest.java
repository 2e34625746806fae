package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.agent.log.LogLevel;
import io.chorus.api.Address;
import io.chorus.api.Encryption;
import io.chorus.api.Profile;
import io.chorus.api.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentArgsTest {
    private static String fails(String... args) {
        return assertThrows(UsageException.class, () -> AgentArgs.parse(List.of(args), Map.of())).getMessage();
    }

    @Test
    void everyFlagInBothForms() {
        AgentArgs a = AgentArgs.parse(List.of("--name", "web-1", "--bind=127.0.0.1:7946", "--seed", "db@10.0.0.1:7000",
                "--seed=10.0.0.2:7001", "--tag", "role=web", "--tag=zone=eu-1", "--transport", "tcp", "--profile=local"));
        assertEquals("web-1", a.config.name());
        assertEquals("127.0.0.1", a.config.bindHost());
        assertEquals(7946, a.config.bindPort());
        assertEquals(List.of(new Address("10.0.0.1", 7000), new Address("10.0.0.2", 7001)), a.seeds);
        assertEquals(Map.of("role", "web", "zone", "eu-1"), a.config.tags());
        assertEquals("tcp", a.config.transport().orElseThrow());
        assertEquals(Profile.LOCAL, a.config.profile());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--name a|chorus agent: missing --bind (or CHORUS_BIND): HOST:PORT to listen on, as 127.0.0.1:7946",
        "--name a --bind 127.0.0.1:1 --bogus 1|chorus agent: unknown flag '--bogus': known flags are --name, --bind, --advertise, --seed, --seed-dns, --dns-server, --discovery, --http, --http-token-file, --tag, --secret-file, --transport, --failure-detector, --signer, --ring, --hash, --plugin-dir, --profile, --probe-interval, --probe-timeout, --indirect-checks, --suspicion-multiplier, --suspicion-max-multiplier, --gossip-interval, --gossip-fanout, --retransmit-multiplier, --push-pull-interval, --join-timeout, --leave-timeout, --dead-retention, --option, --log-level, --log-format, --label, --encrypt, --jfr, --config",
        "--name a --bind 127.0.0.1:1 --log-level loud|chorus agent: invalid --log-level 'loud': one of trace, debug, info, warn, error or off",
        "--name a --bind 127.0.0.1:1 --http 127.0.0.1|chorus agent: invalid --http '127.0.0.1': HOST:PORT with a port from 0 to 65535 (0: any free port), as 127.0.0.1:8080",
        "--name a --bind 127.0.0.1:1 --http h:70000|chorus agent: invalid --http 'h:70000': HOST:PORT with a port from 0 to 65535 (0: any free port), as 127.0.0.1:8080",
        "--name a --bind 127.0.0.1:1 --dns-server 127.0.0.1:53|chorus agent: --dns-server needs --seed-dns NAME: the server answers for that name",
        "--name a --bind 127.0.0.1:1 --option nokey|chorus agent: invalid --option 'nokey': KEY=VALUE with a non-empty key",
        "--name a --name b --bind 127.0.0.1:1|chorus agent: --name given twice ('a' and 'b'): give it once",
        "--name a --bind 127.0.0.1:1 --tag novalue|chorus agent: invalid --tag 'novalue': KEY=VALUE with a non-empty key",
        "--name a --bind 127.0.0.1:1 --profile mars|chorus agent: invalid --profile 'mars': one of lan, wan, local",
        "--name a --bind 127.0.0.1:1 --transport UDP|chorus agent: invalid --transport 'UDP': a provider id: lowercase letters, digits and '-', starting with a letter",
        "--name a --bind|chorus agent: missing value for --bind: HOST:PORT",
    })
    void badInputNamesTheFlag(String args, String message) {
        assertEquals(message, fails(args.split(" ")));
    }

    @Nested
    class LabelAndEncryption {
        private AgentArgs parse(Map<String, String> env, String... args) {
            return AgentArgs.parse(List.of(args), env);
        }

        @Test
        void aLabelFromTheFlagTheEnvironmentOrTheFile(@TempDir Path dir) throws IOException {
            assertEquals(Optional.of("payments"), parse(Map.of(), "--bind", "127.0.0.1:1", "--label", "payments").config.label());
            assertEquals(Optional.of("orders"), parse(Map.of("CHORUS_LABEL", " orders "), "--bind", "127.0.0.1:1").config.label());
            Path f = json(dir, "{\"bind\": \"127.0.0.1:1\", \"label\": \"billing\"}");
            assertEquals(Optional.of("billing"), parse(Map.of(), "--config", f.toString()).config.label());
            assertEquals(Optional.of("payments"), parse(Map.of("CHORUS_LABEL", "orders"), "--config", f.toString(),
                    "--label", "payments").config.label(), "the flag beats the environment and the file");
            assertEquals(Optional.empty(), parse(Map.of(), "--bind", "127.0.0.1:1").config.label());
            assertEquals("chorus agent: invalid --label '" + "x".repeat(129) + " (129 bytes)': a cluster label is 1 to 128 bytes of UTF-8 "
                    + "with something other than spaces", fails("--bind", "127.0.0.1:1", "--label", "x".repeat(129)));
        }

        @Test
        void encryptAloneSealsAndTakesTheStepsOfTheSwitchAsValues(@TempDir Path dir) throws IOException {
            Path secret = dir.resolve("secret");
            Files.writeString(secret, "0123456789abcdef0123\n");
            String s = secret.toString();
            assertEquals(Encryption.ON, parse(Map.of(), "--bind", "127.0.0.1:1", "--secret-file", s, "--encrypt").config.encryption());
            assertEquals(Encryption.ON, parse(Map.of(), "--encrypt", "--bind", "127.0.0.1:1", "--secret-file", s).config.encryption());
            assertEquals(Encryption.ACCEPT, parse(Map.of(), "--bind", "127.0.0.1:1", "--secret-file", s, "--encrypt=accept")
                    .config.encryption());
            assertEquals(Encryption.SEND, parse(Map.of(), "--bind", "127.0.0.1:1", "--secret-file", s, "--encrypt", "send")
                    .config.encryption());
            assertEquals(Encryption.OFF, parse(Map.of("CHORUS_ENCRYPT", "false"), "--bind", "127.0.0.1:1", "--secret-file", s)
                    .config.encryption());
            assertEquals(Encryption.ON, parse(Map.of("CHORUS_ENCRYPT", "true", "CHORUS_SECRET", "0123456789abcdef0123"), "--bind",
                    "127.0.0.1:1").config.encryption());
            Path f = json(dir, "{\"bind\": \"127.0.0.1:1\", \"secret-file\": \"" + s + "\", \"encrypt\": true}");
            assertEquals(Encryption.ON, parse(Map.of(), "--config", f.toString()).config.encryption());
            assertEquals(Encryption.OFF, parse(Map.of(), "--bind", "127.0.0.1:1").config.encryption());
        }

        @Test
        void encryptWithoutASecretOrWithABadModeExitsTwoNamingIt() {
            assertEquals("chorus agent: --encrypt needs a secret: the keys that seal are derived from it; give --secret-file "
                    + "FILE (or set CHORUS_SECRET_FILE or CHORUS_SECRET), or leave encryption off",
                    fails("--bind", "127.0.0.1:1", "--encrypt"));
            assertEquals("chorus agent: environment variable CHORUS_ENCRYPT needs a secret: the keys that seal are derived "
                    + "from it; give --secret-file FILE (or set CHORUS_SECRET_FILE or CHORUS_SECRET), or leave encryption off",
                    assertThrows(UsageException.class, () -> parse(Map.of("CHORUS_ENCRYPT", "on"), "--bind", "127.0.0.1:1"))
                            .getMessage());
            assertEquals("chorus agent: invalid --encrypt 'yes': on (or true), off (or false), accept or send",
                    fails("--bind", "127.0.0.1:1", "--encrypt=yes"));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"agent", "--bind", "127.0.0.1:1", "--encrypt"},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, code);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--encrypt needs a secret"), err::toString);
        }

        @Test
        void theUsageListsTheNewFlagsAndTheirVariables() {
            String usage = Cli.parser(AgentSettings.spec()).getUsageMessage();
            assertTrue(usage.contains("--label=NAME"), usage);
            assertTrue(usage.contains("--encrypt[=MODE]"), usage);
            assertTrue(usage.contains("[CHORUS_LABEL]") && usage.contains("[CHORUS_ENCRYPT]"), usage);
            assertEquals("label", AgentArgs.ENV_KEYS.get("CHORUS_LABEL"));
            assertEquals("encrypt", AgentArgs.ENV_KEYS.get("CHORUS_ENCRYPT"));
        }
    }

    @Test
    void aBadBindOrSeedQuotesIt() {
        assertEquals("chorus agent: invalid --bind '127.0.0.1:0': address '127.0.0.1:0': port 0 is out of range 1-65535",
                fails("--name", "a", "--bind", "127.0.0.1:0"));
        String seed = fails("--name", "a", "--bind", "127.0.0.1:1", "--seed", "nope");
        assertEquals(true, seed.startsWith("chorus agent: invalid --seed 'nope': [NAME@]HOST:PORT ("), seed);
    }

    private static Path json(Path dir, String text) throws IOException {
        Path f = dir.resolve("agent.json");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theConfigFileTakesTheFlagsKeysAndFlagsOverrideIt(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "0123456789abcdef-cluster\n");
        Path f = json(dir, """
                {"name": "web-1", "bind": "127.0.0.1:7946", "seed": ["db@10.0.0.1:7000", "10.0.0.2:7001"],
                 "tag": {"role": "web", "zone": "eu-1"}, "transport": "tcp", "profile": "wan", "http": "127.0.0.1:0",
                 "seed-dns": "_chorus._udp.example.org", "dns-server": "127.0.0.1:5353", "log-level": "debug",
                 "secret-file": "%s", "option": {"hashing.vnode.count": 100}}
                """.formatted(secret.toString().replace("\\", "\\\\")));
        AgentArgs a = AgentArgs.parse(List.of("--config", f.toString()), Map.of());
        assertEquals("web-1", a.config.name());
        assertEquals(List.of(new Address("10.0.0.1", 7000), new Address("10.0.0.2", 7001)), a.seeds);
        assertEquals(Map.of("role", "web", "zone", "eu-1"), a.config.tags());
        assertEquals(Profile.WAN, a.config.profile());
        assertEquals("tcp", a.config.transport().orElseThrow());
        assertEquals(0, a.http.orElseThrow().port());
        assertEquals(LogLevel.DEBUG, a.logLevel);
        assertEquals("_chorus._udp.example.org", a.config.options().get(AgentArgs.DNS_NAME).orElseThrow());
        assertEquals("127.0.0.1:5353", a.config.options().get(AgentArgs.DNS_SERVER).orElseThrow());
        assertEquals("100", a.config.options().get("hashing.vnode.count").orElseThrow());
        assertTrue(a.config.secret().isPresent());

        AgentArgs o = AgentArgs.parse(List.of("--config", f.toString(), "--name", "web-2", "--seed", "10.0.0.9:7000",
                "--tag", "zone=us-1", "--profile", "lan"), Map.of());
        assertEquals("web-2", o.config.name());
        assertEquals(List.of(new Address("10.0.0.9", 7000)), o.seeds, "--seed replaces the file's seeds");
        assertEquals(Map.of("role", "web", "zone", "us-1"), o.config.tags(), "--tag overrides the file's tags key by key");
        assertEquals(Profile.LAN, o.config.profile());
    }

    @Test
    void aBadConfigFileNamesTheFileTheKeyAndWhatIsAllowed(@TempDir Path dir) throws IOException {
        String f = json(dir, "{\"name\": \"a\", \"bind\": \"127.0.0.1:1\", \"colour\": \"red\"}").toString();
        assertEquals("chorus agent: unknown key \"colour\" in " + f + ": known keys are "
                + AgentSettings.knownKeys(), fails("--config", f));
        f = json(dir, "{\"name\": \"9bad\", \"bind\": \"127.0.0.1:1\"}").toString();
        assertEquals("chorus agent: invalid \"name\" in " + f + " '9bad': a node name starts with a letter, then letters, "
                + "digits, '_' or '-', at most 64 characters", fails("--config", f));
        f = json(dir, "{\"name\": \"a\", \"bind\": \"127.0.0.1:1\", \"profile\": \"mars\"}").toString();
        assertEquals("chorus agent: invalid \"profile\" in " + f + " 'mars': one of lan, wan, local", fails("--config", f));
        f = json(dir, "{\"name\": \"a\", \"bind\": [1]}").toString();
        assertEquals("chorus agent: invalid \"bind\" in " + f + ": array value; a non-empty string", fails("--config", f));
        f = json(dir, "{\"name\": \"a\",").toString();
        String broken = fails("--config", f);
        assertTrue(broken.startsWith("chorus agent: invalid --config '" + f + "': not valid JSON: "), broken);
        f = json(dir, "[1, 2]").toString();
        assertTrue(fails("--config", f).contains("the file must hold one JSON object"));
        String missing = dir.resolve("nope.json").toString();
        assertTrue(fails("--config", missing).startsWith("chorus agent: cannot read --config '" + missing + "'"));
    }

    @Test
    void theSecretComesFromAFileOrTheEnvironmentAndATooShortOneIsRefusedWithoutQuotingIt(@TempDir Path dir)
            throws IOException {
        Path shortSecret = dir.resolve("short");
        Files.writeString(shortSecret, "tiny-secret");
        String message = fails("--name", "a", "--bind", "127.0.0.1:1", "--secret-file", shortSecret.toString());
        assertTrue(message.startsWith("chorus agent: invalid --secret-file '" + shortSecret + "': "), message);
        assertFalse(message.contains("tiny-secret"), "the secret is never printed: " + message);

        AgentArgs env = AgentArgs.parse(List.of("--name", "a", "--bind", "127.0.0.1:1"),
                Map.of(AgentArgs.SECRET_ENV, "0123456789abcdef0123"));
        assertTrue(env.config.secret().isPresent());
        UsageException e = assertThrows(UsageException.class, () -> AgentArgs.parse(List.of("--name", "a", "--bind",
                "127.0.0.1:1"), Map.of(AgentArgs.SECRET_ENV, "short")));
        assertTrue(e.getMessage().startsWith("chorus agent: invalid environment variable CHORUS_SECRET: "), e.getMessage());
        assertFalse(e.getMessage().contains("'short'"));
    }

    private static String failsWith(Map<String, String> env, String... args) {
        return assertThrows(UsageException.class, () -> AgentArgs.parse(List.of(args), env, () -> Optional.of("box")))
                .getMessage();
    }

    /** What {@code key} came to, written as the flag takes it ("" when unset). */
    private static String value(AgentArgs a, String key, Map<String, Secret> secrets) {
        return switch (key) {
            case "name" -> a.config.name();
            case "bind" -> new Address(a.config.bindHost(), a.config.bindPort()).toString();
            case "seed" -> a.seeds.stream().map(Address::toString).collect(Collectors.joining(","));
            case "http" -> a.http.map(AgentArgs.HttpAddress::toString).orElse("");
            case "jfr" -> a.jfr.map(p -> p.getFileName().toString()).orElse("");
            case "secret-file" -> a.config.secret().map(secret -> secrets.entrySet().stream()
                    .filter(e -> e.getValue().equals(secret)).map(Map.Entry::getKey).findFirst().orElse("?")).orElse("");
            default -> throw new IllegalArgumentException(key);
        };
    }

    /**
     * Every combination of the three sources for one setting: the highest given wins, flags over the
     * environment over the file; with none, the default.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name|CHORUS_NAME|from-file|from-env|from-flag|node-127_0_0_1-1",
        "bind|CHORUS_BIND|127.0.0.1:1001|127.0.0.1:1002|127.0.0.1:1003|",
        "seed|CHORUS_SEEDS|10.0.0.1:1,10.0.0.2:2|10.0.0.3:3,10.0.0.4:4|10.0.0.5:5|''",
        "http|CHORUS_HTTP|127.0.0.1:8001|127.0.0.1:8002|127.0.0.1:8003|''",
        "secret-file|CHORUS_SECRET_FILE|file.secret|env.secret|flag.secret|''",
        "jfr|CHORUS_JFR|file.jfr|env.jfr|flag.jfr|''",
    })
    void flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault(String key, String variable, String inFile,
            String inEnv, String inFlag, String byDefault, @TempDir Path dir) throws IOException {
        Map<String, Secret> secrets = new HashMap<>();
        if (key.equals("secret-file")) {
            for (String f : List.of(inFile, inEnv, inFlag)) {
                Files.writeString(dir.resolve(f), f + "-0123456789abcdef");
                secrets.put(f, Secret.ofText(f + "-0123456789abcdef"));
            }
            inFile = dir.resolve(inFile).toString().replace("\\", "/");
            inEnv = dir.resolve(inEnv).toString();
            inFlag = dir.resolve(inFlag).toString();
        }
        List<String> base = key.equals("bind") ? List.of("--name", "a") : List.of("--bind", "127.0.0.1:1");
        for (int mask = 0; mask < 8; mask++) {
            boolean file = (mask & 1) != 0;
            boolean env = (mask & 2) != 0;
            boolean flag = (mask & 4) != 0;
            List<String> args = new ArrayList<>(base);
            if (file) {
                String json = key.equals("seed") ? "[\"" + inFile.replace(",", "\", \"") + "\"]" : "\"" + inFile + "\"";
                args.addAll(List.of("--config", json(dir, "{\"" + key + "\": " + json + "}").toString()));
            }
            Map<String, String> environment = env ? Map.of(variable, inEnv) : Map.of();
            if (flag) {
                args.addAll(List.of("--" + key, inFlag));
            }
            String expected = flag ? inFlag : env ? inEnv : file ? inFile : byDefault;
            String sources = (file ? "file " : "") + (env ? "env " : "") + (flag ? "flag" : "");
            if (expected == null) {
                assertEquals("chorus agent: missing --bind (or CHORUS_BIND): HOST:PORT to listen on, as 127.0.0.1:7946",
                        failsWith(environment, args.toArray(String[]::new)));
                continue;
            }
            AgentArgs a = AgentArgs.parse(args, environment, () -> Optional.of("box"));
            if (key.equals("secret-file") && !expected.isEmpty()) {
                expected = Path.of(expected).getFileName().toString();
            }
            assertEquals(expected, value(a, key, secrets), key + " from " + sources);
        }
    }

    @Test
    void theRecordingGoesToAFileInADirectoryThatExists(@TempDir Path dir) {
        Path file = dir.resolve("node.jfr");
        assertEquals(Optional.of(file.toAbsolutePath()), AgentArgs.parse(List.of("--bind", "127.0.0.1:1", "--jfr",
                file.toString()), Map.of()).jfr);
        assertEquals(Optional.empty(), AgentArgs.parse(List.of("--bind", "127.0.0.1:1"), Map.of()).jfr);
        String missing = dir.resolve("no-such-dir").resolve("node.jfr").toString();
        assertEquals("chorus agent: invalid --jfr '" + missing + "': a file in a directory that exists, as /tmp/chorus.jfr",
                fails("--bind", "127.0.0.1:1", "--jfr", missing));
        assertEquals("chorus agent: invalid environment variable CHORUS_JFR '" + dir + "': a file in a directory that "
                + "exists, as /tmp/chorus.jfr", failsWith(Map.of("CHORUS_JFR", dir.toString()), "--bind", "127.0.0.1:1"));
    }

    @Test
    void seedsInTheEnvironmentAreCommaSeparatedAndReplaceTheFilesLikeTheFlag(@TempDir Path dir) throws IOException {
        Path f = json(dir, "{\"bind\": \"127.0.0.1:1\", \"seed\": [\"10.0.0.1:1\"], \"tag\": {\"role\": \"web\"}}");
        AgentArgs a = AgentArgs.parse(List.of("--config", f.toString()),
                Map.of("CHORUS_SEEDS", " db@10.0.0.2:2, [::1]:3 ,,h.example:4,"), () -> Optional.of("box"));
        assertEquals(List.of(new Address("10.0.0.2", 2), new Address("::1", 3), new Address("h.example", 4)), a.seeds,
                "spaces around a seed and empty items are ignored");
        assertEquals(Map.of("role", "web"), a.config.tags(), "the file's other keys stay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CHORUS_NAME", "CHORUS_BIND", "CHORUS_SEEDS", "CHORUS_HTTP", "CHORUS_SECRET_FILE", "CHORUS_SECRET"})
    void anEmptyVariableCountsAsUnset(String variable, @TempDir Path dir) throws IOException {
        Path f = json(dir, "{\"name\": \"web-1\", \"bind\": \"127.0.0.1:1\", \"seed\": \"10.0.0.1:1\", \"http\": \"127.0.0.1:0\"}");
        Map<String, String> env = new HashMap<>();
        for (String v : AgentArgs.ENV_KEYS.keySet()) {
            env.put(v, v.equals(variable) ? "  " : "");
        }
        env.put("CHORUS_SECRET", "");
        AgentArgs a = AgentArgs.parse(List.of("--config", f.toString()), env, () -> Optional.of("box"));
        assertEquals("web-1", a.config.name());
        assertEquals(1, a.config.bindPort());
        assertEquals(List.of(new Address("10.0.0.1", 1)), a.seeds);
        assertEquals(0, a.http.orElseThrow().port());
        assertFalse(a.config.secret().isPresent());
    }

    @Test
    void aBadVariableIsNamedWithItsValueAndWhatIsAllowed(@TempDir Path dir) {
        assertEquals("chorus agent: invalid environment variable CHORUS_NAME '9bad': a node name starts with a letter, "
                + "then letters, digits, '_' or '-', at most 64 characters", failsWith(Map.of("CHORUS_NAME", "9bad"), "--bind",
                "127.0.0.1:1"));
        assertEquals("chorus agent: invalid environment variable CHORUS_BIND '127.0.0.1:0': address '127.0.0.1:0': port 0 "
                + "is out of range 1-65535", failsWith(Map.of("CHORUS_BIND", "127.0.0.1:0")));
        String seeds = failsWith(Map.of("CHORUS_SEEDS", "10.0.0.1:1,nope"), "--bind", "127.0.0.1:1");
        assertTrue(seeds.startsWith("chorus agent: invalid environment variable CHORUS_SEEDS 'nope': [NAME@]HOST:PORT ("),
                seeds);
        assertEquals("chorus agent: invalid environment variable CHORUS_HTTP 'h:70000': HOST:PORT with a port from 0 to "
                + "65535 (0: any free port), as 127.0.0.1:8080", failsWith(Map.of("CHORUS_HTTP", "h:70000"), "--bind",
                "127.0.0.1:1"));
        String missing = dir.resolve("nope").toString();
        String file = failsWith(Map.of("CHORUS_SECRET_FILE", missing), "--bind", "127.0.0.1:1");
        assertTrue(file.startsWith("chorus agent: invalid environment variable CHORUS_SECRET_FILE '" + missing
                + "': a readable file"), file);
        assertEquals("chorus agent: missing value for --name: NAME", failsWith(Map.of("CHORUS_NAME", "a"), "--name"),
                "a flag without its value is still an error, whatever the environment holds");
    }

    @Test
    void aBadVariableBelowAFlagIsNeverRead() {
        AgentArgs a = AgentArgs.parse(List.of("--name", "a", "--bind", "127.0.0.1:1", "--seed", "10.0.0.1:1", "--http",
                "127.0.0.1:0"), Map.of("CHORUS_NAME", "9bad", "CHORUS_BIND", "x", "CHORUS_SEEDS", "nope", "CHORUS_HTTP", "y"),
                () -> Optional.of("box"));
        assertEquals("a", a.config.name());
    }

    /**
     * CHORUS_SECRET (the secret) and CHORUS_SECRET_FILE (a file holding it) are the environment's two
     * ways to one setting: either beats the file's "secret-file", --secret-file beats both, and setting
     * both is an error unless --secret-file makes them moot.
     */
    @Test
    void theSecretVariablesAreTwoWaysToOneSettingAtTheEnvironmentsLevel(@TempDir Path dir) throws IOException {
        Path fromFile = dir.resolve("file.secret");
        Files.writeString(fromFile, "in-the-config-file-0123456789");
        Path fromEnv = dir.resolve("env.secret");
        Files.writeString(fromEnv, "in-the-env-file-0123456789");
        Path fromFlag = dir.resolve("flag.secret");
        Files.writeString(fromFlag, "in-the-flag-file-0123456789");
        Path f = json(dir, "{\"bind\": \"127.0.0.1:1\", \"secret-file\": \"" + fromFile.toString().replace("\\", "\\\\") + "\"}");
        String text = "in-the-variable-0123456789";

        assertEquals(Secret.ofText(text), AgentArgs.parse(List.of("--config", f.toString()), Map.of("CHORUS_SECRET", text))
                .config.secret().orElseThrow(), "CHORUS_SECRET beats the file's secret-file");
        assertEquals(Secret.ofText("in-the-flag-file-0123456789"), AgentArgs.parse(List.of("--config", f.toString(),
                "--secret-file", fromFlag.toString()), Map.of("CHORUS_SECRET", text)).config.secret().orElseThrow(),
                "--secret-file beats CHORUS_SECRET");
        assertEquals(Secret.ofText("in-the-flag-file-0123456789"), AgentArgs.parse(List.of("--bind", "127.0.0.1:1",
                "--secret-file", fromFlag.toString()), Map.of("CHORUS_SECRET", text, "CHORUS_SECRET_FILE", fromEnv.toString()))
                .config.secret().orElseThrow(), "with --secret-file, both variables may be set: neither is read");
        assertEquals("chorus agent: both CHORUS_SECRET and CHORUS_SECRET_FILE are set: set one (CHORUS_SECRET_FILE keeps "
                + "the secret out of the process's environment)", failsWith(Map.of("CHORUS_SECRET", text,
                "CHORUS_SECRET_FILE", fromEnv.toString()), "--config", f.toString()));
    }

    @Nested
    class AutoName {
        private String name(String bind, Optional<String> hostname) {
            return AgentArgs.parse(List.of("--bind", bind), Map.of(), () -> hostname).config.name();
        }

        @Test
        void aNodeNobodyNamedIsNamedAfterItsBindAddress() {
            assertEquals("node-10_0_0_5-7946", name("10.0.0.5:7946", Optional.empty()));
            assertEquals("node-0_0_0_0_0_0_0_1-7946", name("[::1]:7946", Optional.empty()));
            assertEquals("node-web-1_example_org-7946", name("Web-1.example.org:7946", Optional.empty()));
            String longHost = "a".repeat(63) + "." + "b".repeat(63) + ".example.org";
            String cut = name(longHost + ":7946", Optional.empty());
            assertEquals(64, cut.length());
            assertEquals(cut, io.chorus.api.NodeId.checkName(cut));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0:7946", "[::]:7946", "[0:0:0:0:0:0:0:0]:7946"})
        void aWildcardBindIsNamedAfterTheMachinesHostname(String bind) {
            assertEquals("node-build-7_example_org-7946", name(bind, Optional.of("Build-7.example.org")));
        }

        @Test
        void aWildcardBindWithNoUsableHostnameAsksForAName() {
            UsageException unknown = assertThrows(UsageException.class, () -> name("0.0.0.0:7946", Optional.empty()));
            assertEquals("chorus agent: no node name given and none can be derived: the bind host 0.0.0.0 is a wildcard "
                    + "and this machine's hostname is unknown: give --name NAME or set CHORUS_NAME", unknown.getMessage());
            UsageException bad = assertThrows(UsageException.class, () -> name("[::]:7946", Optional.of("my_box")));
            assertTrue(bad.getMessage().startsWith("chorus agent: no node name given and none can be derived from this "
                    + "machine's hostname 'my_box' ("), bad.getMessage());
            assertTrue(bad.getMessage().endsWith("): give --name NAME or set CHORUS_NAME"), bad.getMessage());
        }

        @Test
        void theHostnameIsAskedOnlyForAWildcardBindWithoutAName() {
            java.util.function.Supplier<Optional<String>> never = () -> {
                throw new AssertionError("hostname asked");
            };
            AgentArgs.parse(List.of("--bind", "127.0.0.1:1"), Map.of(), never);
            AgentArgs.parse(List.of("--bind", "0.0.0.0:1"), Map.of("CHORUS_NAME", "a"), never);
        }

        @Test
        void theMachinesHostnameIsFoundOrReportedMissing() {
            Optional<String> hostname = AgentArgs.hostname();
            hostname.ifPresent(h -> assertFalse(h.isEmpty()));
        }
    }
}
