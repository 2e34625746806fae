package io.chorus.security.aes;

import io.chorus.api.ApiVersion;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import io.chorus.api.ProviderException;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.ReplayWindow;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.LongSupplier;

/**
 * The {@code aes-gcm} message signer: signs every packet and frame exactly as the {@code hmac}
 * signer does (through it), and seals them with AES-256-GCM when the node's encryption mode says
 * so, with one keyring for both. Its priority (110) is above hmac's, so a node with both modules
 * and a secret uses it, and can switch encryption on with no restart. The module documentation of
 * {@code io.chorus.security.aes} describes the wire, the keys and the nonces.
 */
public final class AesGcmSignerProvider implements MessageSignerProvider {
    /** The signer this one signs with. */
    static final String SIGNING = "hmac";
    /** The label of a cluster that sets none, as the hmac signer's. */
    static final String DEFAULT_LABEL = "chorus";

    /** Public no-arg constructor for ServiceLoader; does nothing. */
    public AesGcmSignerProvider() {
    }

    @Override
    public String id() {
        return "aes-gcm";
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public int priority() {
        return 110;
    }

    @Override
    public MessageSigner create(ProviderContext context) {
        return create(context, System::currentTimeMillis);
    }

    /**
     * @param context config and options
     * @param clockMillis the wall clock, for timestamps
     * @return the signer
     */
    static AesGcmSigner create(ProviderContext context, LongSupplier clockMillis) {
        Objects.requireNonNull(context, "context");
        ClusterConfig config = context.config();
        Secret secret = config.secret().orElseThrow(() -> new InvalidConfigException("secret", "(none)",
                "the aes-gcm signer needs a cluster secret of at least " + Secret.MIN_LENGTH + " bytes"));
        MessageSigner signing = signingProvider().create(context);
        Options o = context.options();
        // the replay window of signed traffic, for sealed traffic too: the hmac signer's options
        Duration window = o.duration("security.hmac.time-window", Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofHours(1));
        int bits = o.intValue("security.hmac.replay-window", 1024, ReplayWindow.MIN_BITS, ReplayWindow.MAX_BITS);
        int senders = o.intValue("security.hmac.max-senders", 4096, 16, 1_000_000);
        return new AesGcmSigner(signing, secret, label(config, o), new ReplayWindow(window.toSeconds(), bits, senders),
                clockMillis, new SecureRandom());
    }

    /** @return the label the keys are derived with: the cluster's, else the hmac signer's option, else {@value #DEFAULT_LABEL} */
    static String label(ClusterConfig config, Options o) {
        return config.label().orElseGet(() -> o.get("security.hmac.label").orElse(DEFAULT_LABEL));
    }

    /** @return the hmac signer's provider, found as the engine finds providers: in this module's layer, else on the class path */
    private static MessageSignerProvider signingProvider() {
        ModuleLayer layer = AesGcmSignerProvider.class.getModule().getLayer();
        ServiceLoader<MessageSignerProvider> loader = layer != null ? ServiceLoader.load(layer, MessageSignerProvider.class)
                : ServiceLoader.load(MessageSignerProvider.class, AesGcmSignerProvider.class.getClassLoader());
        for (ServiceLoader.Provider<MessageSignerProvider> p : (Iterable<ServiceLoader.Provider<MessageSignerProvider>>)
                loader.stream()::iterator) {
            try {
                MessageSignerProvider candidate = p.get();
                if (candidate.id().equals(SIGNING)) {
                    return candidate;
                }
            } catch (ServiceConfigurationError e) {
                // another signer that cannot load is not this one's business
            }
        }
        throw new ProviderException("the aes-gcm signer signs through the hmac signer, which is missing: add "
                + "io.chorus:chorus-security-hmac (module io.chorus.security.hmac) to the module path or class path");
    }

    @Override
    public String toString() {
        return "AesGcmSignerProvider[aes-gcm]";
    }
}
