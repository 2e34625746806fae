package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.agent.log.LogLevel;
import io.chorus.api.Address;
import io.chorus.api.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        "--bind 127.0.0.1:1|chorus agent: missing --name: a node name starts with a letter, then letters, digits, '_' or '-', at most 64 characters",
        "--name a|chorus agent: missing --bind: HOST:PORT to listen on, as 127.0.0.1:7946",
        "--name a --bind 127.0.0.1:1 --bogus 1|chorus agent: unknown flag '--bogus': known flags are --name, --bind, --seed, --seed-dns, --dns-server, --http, --tag, --secret-file, --transport, --profile, --config, --log-level, --option",
        "--name a --bind 127.0.0.1:1 --log-level loud|chorus agent: invalid --log-level 'loud': one of trace, debug, info, warn, error or off",
        "--name a --bind 127.0.0.1:1 --http 127.0.0.1|chorus agent: invalid --http '127.0.0.1': HOST:PORT with a port from 0 to 65535 (0: any free port), as 127.0.0.1:8080",
        "--name a --bind 127.0.0.1:1 --http h:70000|chorus agent: invalid --http 'h:70000': HOST:PORT with a port from 0 to 65535 (0: any free port), as 127.0.0.1:8080",
        "--name a --bind 127.0.0.1:1 --dns-server 127.0.0.1:53|chorus agent: --dns-server needs --seed-dns NAME: the server answers for that name",
        "--name a --bind 127.0.0.1:1 --option nokey|chorus agent: invalid --option 'nokey': KEY=VALUE with a non-empty key",
        "--name a --name b --bind 127.0.0.1:1|chorus agent: --name given twice ('a' and 'b'): give it once",
        "--name a --bind 127.0.0.1:1 --tag novalue|chorus agent: invalid --tag 'novalue': KEY=VALUE with a non-empty key",
        "--name a --bind 127.0.0.1:1 --profile mars|chorus agent: invalid --profile 'mars': one of lan, wan, local",
        "--name a --bind 127.0.0.1:1 --transport UDP|chorus agent: invalid --transport 'UDP': a provider id: lowercase letters, digits and '-', starting with a letter",
        "--name a --bind|chorus agent: missing value for --bind",
    })
    void badInputNamesTheFlag(String args, String message) {
        assertEquals(message, fails(args.split(" ")));
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
        assertEquals("chorus agent: unknown key \"colour\" in " + f + ": known keys are name, bind, seed, seed-dns, dns-server, "
                + "http, tag, secret-file, transport, profile, log-level, option", fails("--config", f));
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
}
