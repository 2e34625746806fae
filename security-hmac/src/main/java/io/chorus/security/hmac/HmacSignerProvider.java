package io.chorus.security.hmac;

import io.chorus.api.ApiVersion;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.ReplayWindow;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code hmac} message signer: HMAC-SHA256 with keys derived from the cluster secret and
 * label, a rotating keyring and replay protection. The options are listed in the module
 * documentation of {@code io.chorus.security.hmac}.
 */
public final class HmacSignerProvider implements MessageSignerProvider {
    static final String DEFAULT_LABEL = "chorus";
    static final int MAX_LABEL_BYTES = 128;
    private static final String LABEL_RULE = "a non-blank text of 1 to " + MAX_LABEL_BYTES + " bytes in UTF-8";
    /** Option: the cluster label, mixed into every key. */
    static final Option<String> LABEL = Option.text("security.hmac.label", DEFAULT_LABEL,
            "the label mixed into every key when the cluster has none of its own (ClusterConfig.label, the agent's "
                    + "--label), which wins; clusters with one secret and different labels never accept each other's traffic")
            .withCheck(LABEL_RULE, label -> {
                int bytes = label.getBytes(StandardCharsets.UTF_8).length;
                if (bytes < 1 || bytes > MAX_LABEL_BYTES || label.isBlank()) {
                    throw new IllegalArgumentException(LABEL_RULE);
                }
                return label;
            });
    /** Option: how far a message's timestamp may be from the local clock. */
    static final Option<Duration> TIME_WINDOW = Option.duration("security.hmac.time-window", Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofHours(1), "the largest accepted difference between a message's timestamp "
                    + "and the local clock, in whole seconds");
    /** Option: the sliding window of sequence numbers per sender. */
    static final Option<Integer> REPLAY_WINDOW = Option.integer("security.hmac.replay-window", 1024, 64, 65536,
            "sequence numbers remembered per sender, rounded up to a multiple of 64; keep it above the requests kept in "
                    + "flight between two nodes");
    /** Option: how many senders the replay guard tracks. */
    static final Option<Integer> MAX_SENDERS = Option.integer("security.hmac.max-senders", 4096, 16, 1_000_000,
            "sender epochs tracked for replay protection, the least recently seen evicted");

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

    /** @return the label, the time window, the replay window and the senders tracked */
    @Override
    public List<Option<?>> options() {
        return List.of(LABEL, TIME_WINDOW, REPLAY_WINDOW, MAX_SENDERS);
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
        String label = label(config, o);
        Duration window = TIME_WINDOW.read(o);
        int bits = REPLAY_WINDOW.read(o);
        int senders = MAX_SENDERS.read(o);
        return new HmacSigner(secret, label, new ReplayWindow(window.toSeconds(), bits, senders), clockMillis,
                new SecureRandom());
    }

    /**
     * The label mixed into the keys: the cluster's ({@link ClusterConfig#label()}) when it has one,
     * else this module's option (default {@code chorus}), so clusters that set only the option keep
     * their keys.
     *
     * @throws InvalidConfigException if both are set and differ
     */
    static String label(ClusterConfig config, Options o) {
        if (config.label().isEmpty()) {
            return LABEL.read(o);
        }
        String label = config.label().get();
        if (o.asMap().containsKey(LABEL.key()) && !LABEL.read(o).equals(label)) {
            throw new InvalidConfigException(LABEL.key(), "'" + LABEL.read(o) + "'", "the cluster label is '" + label
                    + "' (ClusterConfig.label); leave " + LABEL.key() + " unset or give it the same value");
        }
        return label;
    }

    @Override
    public String toString() {
        return "HmacSignerProvider[hmac]";
    }
}
