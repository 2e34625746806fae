package io.chorus.api.spi;

import io.chorus.api.Option;
import java.util.List;

/**
 * What every provider has: a stable id and a priority. Implementations have a public no-arg
 * constructor that does no I/O.
 */
public interface Provider {
    /** @return a stable id: lowercase letters, digits and '-', starting with a letter; the config key that selects it */
    String id();

    /** @return the priority used when the config names no id and several are found; higher wins */
    default int priority() {
        return 0;
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
    default List<Option<?>> options() {
        return List.of();
    }
}
