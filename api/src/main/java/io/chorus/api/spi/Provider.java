package io.chorus.api.spi;

import io.chorus.api.ApiVersion;
import io.chorus.api.Stability;
import io.chorus.api.Option;
import java.util.List;

/**
 * What every provider has: a stable id, a priority, and the api version it was built for.
 * Implementations have a public no-arg constructor that does no I/O.
 */
@Stability(Stability.Level.STABLE)
public interface Provider {
    /** @return a stable id: lowercase letters, digits and '-', starting with a letter; the config key that selects it */
    String id();

    /** @return the priority used when the config names no id and several are found; higher wins */
    default int priority() {
        return 0;
    }

    /**
     * The version of the Chorus api this provider was built for, {@code MAJOR.MINOR}. The node
     * refuses, with a {@link io.chorus.api.ProviderException} that says what to upgrade, a provider
     * it would use that was built for a newer api than the one present, or for another major
     * version (see {@link ApiVersion}).
     *
     * <p>Declare it by overriding this method with exactly {@code return ApiVersion.CURRENT;}.
     * {@link ApiVersion#CURRENT} is a compile-time constant, so the compiler copies its value into
     * your class, and the method goes on naming the api you compiled against whatever api runs it.
     * The default runs the code of the api present and so returns the api present: a provider that
     * does not override it is taken to be built for it.
     *
     * @return the api version this provider was built for
     */
    default String apiVersion() {
        return ApiVersion.CURRENT;
    }

    /**
     * The options this provider reads, each declared once where the code that reads it lives.
     * When a node is created the engine reads every key of the config's options that some
     * provider declares (so a bad value fails {@code Chorus.create}) and rejects a key no provider
     * declares, naming the nearest declared key; the reference documentation is generated from
     * the same declarations.
     *
     * @return the declarations; default none
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default List<Option<?>> options() {
        return List.of();
    }
}
