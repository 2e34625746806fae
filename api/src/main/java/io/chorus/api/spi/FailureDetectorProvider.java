package io.chorus.api.spi;

import io.chorus.api.Stability;

/** Creates a {@link FailureDetector}. {@code chorus-core} ships {@code swim}, {@code phi-accrual} and {@code heartbeat}. */
@Stability(Stability.Level.STABLE)
public interface FailureDetectorProvider extends Provider {
    /**
     * @param context config (probe interval) and options
     * @return the detector for one node
     */
    FailureDetector create(ProviderContext context);
}
