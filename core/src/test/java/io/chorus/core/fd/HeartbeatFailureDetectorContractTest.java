package io.chorus.core.fd;

import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.testkit.FailureDetectorContract;

/**
 * {@code heartbeat} keeps the failure detector contract of the provider test kit, with its default
 * options: a member heard from within the deadline (probe interval x 3) is not suspected.
 */
class HeartbeatFailureDetectorContractTest extends FailureDetectorContract {
    @Override
    protected FailureDetectorProvider provider() {
        return new HeartbeatFailureDetectorProvider();
    }

    @Override
    protected boolean trustsARecentHeartbeat() {
        return true;
    }
}
