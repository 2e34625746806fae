package io.chorus.api.spi;

/** Creates a {@link MessageSigner} from the config's secret. */
public interface MessageSignerProvider extends Provider {
    /**
     * @param context config (with the secret) and options
     * @return the signer
     */
    MessageSigner create(ProviderContext context);
}
