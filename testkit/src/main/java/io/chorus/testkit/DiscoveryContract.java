package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Address;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.ProviderContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link DiscoveryProvider} and its {@link Discovery}: for a valid config,
 * {@code discover()} answers without throwing, a list without nulls or duplicates, every time it
 * is asked; {@code refreshInterval()} is empty or positive; and {@code close()} is idempotent.
 *
 * <pre>{@code
 * class MyDiscoveryContractTest extends DiscoveryContract {
 *     @Override
 *     protected DiscoveryProvider provider() {
 *         return new MyDiscoveryProvider();
 *     }
 *
 *     @Override
 *     protected ProviderContext context() {
 *         return ProviderContext.of(ClusterConfig.builder("web-1").bind("127.0.0.1", 7946)
 *                 .option("discovery.mine.source", "...").build());
 *     }
 * }
 * }</pre>
 *
 * The context is the author's to give: a config under which the source answers, best with some
 * seeds (and, to check that duplicates are removed, with the same seed listed twice).
 */
public abstract class DiscoveryContract extends ProviderContract<DiscoveryProvider> {
    /** For subclasses. */
    protected DiscoveryContract() {
        super(DiscoveryProvider.class);
    }

    /**
     * A valid config for the provider, under which {@code discover()} must answer.
     *
     * @return the context
     */
    protected abstract ProviderContext context();

    /** Asked three times, {@code discover()} answers each time a list without nulls or duplicates. */
    @Test
    public void discoverAnswersAListWithoutNullsOrDuplicates() {
        try (Discovery d = provider().create(context())) {
            for (int i = 0; i < 3; i++) {
                List<Address> seeds = assertDoesNotThrow(d::discover, "discover() with a valid config");
                assertNotNull(seeds, "discover() returned null; no seeds is an empty list");
                assertFalse(seeds.stream().anyMatch(a -> a == null), () -> "a null among the seeds: " + seeds);
                Set<Address> distinct = new HashSet<>(seeds);
                assertEquals(distinct.size(), seeds.size(), () -> "a seed listed twice: " + seeds);
            }
        }
    }

    /** The refresh interval is empty (a fixed answer) or a positive duration. */
    @Test
    public void refreshIntervalIsEmptyOrPositive() {
        try (Discovery d = provider().create(context())) {
            Optional<Duration> every = d.refreshInterval();
            assertNotNull(every, "refreshInterval() returned null; a fixed answer is Optional.empty()");
            every.ifPresent(p -> assertTrue(!p.isNegative() && !p.isZero(), () -> "a refresh interval of " + p));
        }
    }

    /** {@code close()} may be called twice, after use or with none. */
    @Test
    public void closeIsIdempotent() {
        Discovery used = provider().create(context());
        used.discover();
        used.close();
        assertDoesNotThrow(used::close, "a second close()");
        Discovery unused = provider().create(context());
        unused.close();
        assertDoesNotThrow(unused::close, "a second close() of a discovery never asked");
    }
}
