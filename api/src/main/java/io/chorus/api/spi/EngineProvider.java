package io.chorus.api.spi;

import io.chorus.api.Cluster;
import io.chorus.api.Stability;

/** Builds the engine; {@code chorus-core} provides the only one. */
@Stability(Stability.Level.EXPERIMENTAL)
public interface EngineProvider extends Provider {
    /**
     * @param context the config and the providers to assemble
     * @return a node, not yet started
     */
    Cluster create(EngineContext context);
}
