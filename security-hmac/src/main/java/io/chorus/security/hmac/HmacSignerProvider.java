package io.chorus.security.hmac;

import io.chorus.api.ApiVersion;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Options;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The {@code hmac} message signer: HMAC-SHA256 with keys derived from the cluster secret and
 * label, a rotating keyring and replay protection. The options are listed in the module
 * documentation of {@code io.chorus.security.hmac}.
 */
public final class HmacSignerProvider implements MessageSignerProvider {
    /** Option: the cluster label, mixed into every key. */
    static final String LABEL = "security.hmac.label";
    /** Option: how far a message's timestamp may be from the local clock. */
    static final String TIME_WINDOW = "security.hmac.time-window";
    /** Option: the sliding window of sequence numbers per sender. */
    static final String REPLAY_WINDOW = "security.hmac.replay-window";
    /** Option: how many senders the replay guard tracks. */
    static final String MAX_SENDERS = "security.hmac.max-senders";
    static final String DEFAULT_LABEL = "chorus";
    static final int MAX_LABEL_BYTES = 128;

    /** Public no-arg constructor for ServiceLoader; does nothing. */
    public HmacSignerProvider() {
    }

    @Override
    public String id() {
        return "hmac";
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public int priority() {
        return 100;
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
    static HmacSigner create(ProviderContext context, LongSupplier clockMillis) {
        ClusterConfig config = context.config();
        Secret secret = config.secret().orElseThrow(() -> new InvalidConfigException("secret", "(none)",
                "the hmac signer needs a cluster secret of at least " + Secret.MIN_LENGTH + " bytes"));
        Options o = context.options();
        String label = o.get(LABEL).orElse(DEFAULT_LABEL);
        int labelBytes = label.getBytes(StandardCharsets.UTF_8).length;
        if (labelBytes < 1 || labelBytes > MAX_LABEL_BYTES || label.isBlank()) {
            throw new InvalidConfigException(LABEL, "'" + label + "'",
                    "a non-blank text of 1 to " + MAX_LABEL_BYTES + " bytes in UTF-8");
        }
        Duration window = o.duration(TIME_WINDOW, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        int bits = o.intValue(REPLAY_WINDOW, 1024, 64, 65536);
        bits = (bits + 63) / 64 * 64;
        int senders = o.intValue(MAX_SENDERS, 4096, 16, 1_000_000);
        return new HmacSigner(secret, label, new ReplayGuard(window.toSeconds(), bits, senders), clockMillis,
                new SecureRandom());
    }

    @Override
    public String toString() {
        return "HmacSignerProvider[hmac]";
    }
}
