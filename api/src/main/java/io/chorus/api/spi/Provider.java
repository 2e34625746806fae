package io.chorus.api.spi;

import io.chorus.api.Stability;

/**
 * What every provider has: a stable id and a priority. Implementations have a public no-arg
 * constructor that does no I/O.
 */
@Stability(Stability.Level.STABLE)
public interface Provider {
    /** @return a stable id: lowercase letters, digits and '-', starting with a letter; the config key that selects it */
    String id();

    /** @return the priority used when the config names no id and several are found; higher wins */
    default int priority() {
        return 0;
    }
}
