package io.chorus.core.fd;

import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.testkit.FailureDetectorContract;

/**
 * {@code phi-accrual} keeps the failure detector contract of the provider test kit, with its
 * default options; it weighs the intervals between signs of life, so a member heard from at a
 * steady pace is not suspected right after a heartbeat.
 */
class PhiAccrualFailureDetectorContractTest extends FailureDetectorContract {
    @Override
    protected FailureDetectorProvider provider() {
        return new PhiAccrualFailureDetectorProvider();
    }

    @Override
    protected boolean trustsARecentHeartbeat() {
        return true;
    }
}
