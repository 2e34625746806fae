package io.chorus.api.spi;

import io.chorus.api.Stability;

/** Creates a {@link MessageSigner} from the config's secret. */
@Stability(Stability.Level.STABLE)
public interface MessageSignerProvider extends Provider {
    /**
     * @param context config (with the secret) and options
     * @return the signer
     */
    MessageSigner create(ProviderContext context);
}
