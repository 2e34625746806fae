package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chorus.api.Address;
import io.chorus.api.Profile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentArgsTest {
    private static String fails(String... args) {
        return assertThrows(UsageException.class, () -> AgentArgs.parse(List.of(args))).getMessage();
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
        "--name a --bind 127.0.0.1:1 --bogus 1|chorus agent: unknown flag '--bogus': known flags are --name, --bind, --seed, --tag, --transport, --profile",
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
}
