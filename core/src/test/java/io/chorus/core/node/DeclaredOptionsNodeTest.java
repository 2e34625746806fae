package io.chorus.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Option;
import io.chorus.api.Profile;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.testkit.InMemoryTransportProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Options are checked against the providers' declarations at {@code Chorus.create}, before
 * anything starts: a misspelt key names the nearest declared one and the module that declares its
 * prefix, and a third-party provider's declarations count like core's.
 */
class DeclaredOptionsNodeTest {
    private final InMemoryTransportProvider memory = new InMemoryTransportProvider();

    /** A third-party provider that reads one option, declared through the api. */
    static final class AcmeHashProvider implements HashFunctionProvider {
        static final Option<Integer> SEED = Option.integer("acme.hash.seed", 0, 0, 1000, "the seed of the hash");

        @Override
        public String id() {
            return "acme";
        }

        @Override
        public List<Option<?>> options() {
            return List.of(SEED);
        }

        @Override
        public HashFunction create(ProviderContext context) {
            int seed = SEED.read(context.options());
            return new HashFunction() {
                @Override
                public long hash(byte[] data, int offset, int length) {
                    return seed + length;
                }

                @Override
                public long hash(CharSequence text) {
                    return seed + text.length();
                }
            };
        }
    }

    private static ClusterConfig.Builder config() {
        return ClusterConfig.builder("n1").profile(Profile.LOCAL).bind("127.0.0.1", 0);
    }

    private InvalidConfigException failsAtCreate(ClusterConfig.Builder config) {
        return assertThrows(InvalidConfigException.class,
                () -> Chorus.builder(config.build()).autoDiscovery(false).provider(memory).provider(new AcmeHashProvider())
                        .build());
    }

    @Test
    void aMisspeltKeyFailsCreateNamingTheNearestKeyAndTheModule() {
        InvalidConfigException e = failsAtCreate(config().option("ring.inclde-suspect", "true"));
        assertEquals("invalid config: ring.inclde-suspect = true: unknown option; did you mean ring.include-suspect? "
                + "(the options under ring are declared by module io.chorus.core; docs/options.md lists every option)",
                e.getMessage());
        assertEquals("ring.inclde-suspect", e.field());
    }

    @Test
    void aMisspeltKeyOfAThirdPartyProviderIsCaughtToo() {
        InvalidConfigException e = failsAtCreate(config().option("acme.hash.sead", "3"));
        assertEquals("invalid config: acme.hash.sead = 3: unknown option; did you mean acme.hash.seed? "
                + "(the options under acme.hash are declared by module io.chorus.core; docs/options.md lists every option)",
                e.getMessage());
    }

    @Test
    void aKeyUnderNoDeclaredPrefixListsTheModulesPresent() {
        InvalidConfigException e = failsAtCreate(config().option("transport.quic.streams", "8"));
        assertEquals("transport.quic.streams", e.field());
        e = failsAtCreate(config().option("quic.streams", "8"));
        assertEquals("invalid config: quic.streams = 8: unknown option: no module present declares options under quic; "
                + "the modules present declare module io.chorus.core (acme.hash, compression, failure-detector.heartbeat, "
                + "failure-detector.phi-accrual, messaging, ring) (docs/options.md lists every option); add the module "
                + "that reads quic.streams, or remove the option", e.getMessage());
    }

    @Test
    void aBadValueFailsCreateNotStart() {
        InvalidConfigException e = failsAtCreate(config().option("failure-detector.heartbeat.max-missed", "0"));
        assertEquals("invalid config: failure-detector.heartbeat.max-missed = 0: a whole number from 1 to 1000", e.getMessage());
        e = failsAtCreate(config().option("acme.hash.seed", "1001"));
        assertEquals("invalid config: acme.hash.seed = 1001: a whole number from 0 to 1000", e.getMessage());
    }

    @Test
    void declaredKeysPass() {
        ClusterConfig c = config().option("ring.include-suspect", "true").option("acme.hash.seed", "7")
                .option("failure-detector.phi-accrual.threshold", "9.5").option("messaging.threads", "2").build();
        try (Cluster node = Chorus.builder(c).autoDiscovery(false).provider(memory).provider(new AcmeHashProvider()).build()) {
            assertEquals(io.chorus.api.ClusterStatus.NEW, node.status());
        }
    }

    @Test
    void theEngineDeclaresTheOptionsANodeReads() {
        assertEquals(List.of("compression.enabled", "compression.max-inflated-bytes", "compression.threshold",
                "messaging.broadcast-limit", "messaging.coalesce-period", "messaging.max-broadcasts", "messaging.max-payload",
                "messaging.max-pending", "messaging.queue", "messaging.reorder-window", "messaging.route-attempts",
                "messaging.threads", "ring.include-suspect"),
                new io.chorus.core.CoreEngineProvider().options().stream().map(Option::key).sorted().toList());
    }
}
