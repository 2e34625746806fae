package io.chorus.api.spi;

import io.chorus.api.Cluster;

/** Builds the engine; {@code chorus-core} provides the only one. */
public interface EngineProvider extends Provider {
    /**
     * @param context the config and the providers to assemble
     * @return a node, not yet started
     */
    Cluster create(EngineContext context);
}
