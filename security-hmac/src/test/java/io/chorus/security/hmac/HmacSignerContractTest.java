package io.chorus.security.hmac;

import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.testkit.MessageSignerContract;

/** The {@code hmac} signer keeps the message signer contract of the provider test kit, keyring included. */
class HmacSignerContractTest extends MessageSignerContract {
    @Override
    protected MessageSignerProvider provider() {
        return new HmacSignerProvider();
    }
}
