package io.chorus.api.spi;

/** Creates a {@link FailureDetector}. {@code chorus-core} ships {@code swim}, {@code phi-accrual} and {@code heartbeat}. */
public interface FailureDetectorProvider extends Provider {
    /**
     * @param context config (probe interval) and options
     * @return the detector for one node
     */
    FailureDetector create(ProviderContext context);
}
