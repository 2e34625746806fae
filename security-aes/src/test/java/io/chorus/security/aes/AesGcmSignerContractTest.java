package io.chorus.security.aes;

import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.testkit.MessageSignerContract;

/** The {@code aes-gcm} signer against the signer contract of the provider test kit, sealing included. */
class AesGcmSignerContractTest extends MessageSignerContract {
    @Override
    protected MessageSignerProvider provider() {
        return new AesGcmSignerProvider();
    }
}
