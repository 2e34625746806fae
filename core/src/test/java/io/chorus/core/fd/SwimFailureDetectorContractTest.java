package io.chorus.core.fd;

import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.testkit.FailureDetectorContract;

/**
 * {@code swim} keeps the failure detector contract of the provider test kit. A failed probe round
 * is its whole evidence, so it suspects even a member heard from a moment ago, and the check for
 * detectors that trust a recent heartbeat is skipped.
 */
class SwimFailureDetectorContractTest extends FailureDetectorContract {
    @Override
    protected FailureDetectorProvider provider() {
        return new SwimFailureDetectorProvider();
    }
}
