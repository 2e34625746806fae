package io.chorus.core.engine;

import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.core.wire.Codec;
import java.util.List;

/**
 * A node's compression settings, read once from its options for the protocol loop and for user
 * messages alike.
 *
 * @param enabled whether the node compresses, advertises that it inflates, and inflates
 * @param threshold message bytes from which a frame is compressed; 0 never compresses
 * @param maxInflated the largest inflated size accepted
 */
public record Compression(boolean enabled, int threshold, int maxInflated) {
    /** Option: whether this node compresses, advertises that it inflates, and inflates. */
    public static final Option<Boolean> ENABLED = Option.bool("compression.enabled", true,
            "whether this node compresses frames, advertises that it inflates, and inflates; false: the wire of a build "
                    + "before compression");
    /** Option: message bytes from which a frame is compressed. */
    public static final Option<Integer> THRESHOLD = Option.bytes("compression.threshold", Codec.DEFAULT_THRESHOLD, 0,
            1 << 30, "message bytes from which a frame is compressed; 0 never compresses (but still inflates)");
    /** Option: the largest inflated size accepted. */
    public static final Option<Integer> MAX_INFLATED = Option.bytes("compression.max-inflated-bytes",
            Codec.DEFAULT_MAX_INFLATED, 64 * 1024, 1 << 30,
            "the largest inflated size of a compressed packet or frame accepted; a larger claim is dropped unread");
    /** The options read here. */
    public static final List<Option<?>> OPTIONS = List.of(ENABLED, THRESHOLD, MAX_INFLATED);

    /**
     * @param o the node's options
     * @return the settings, range-checked
     * @throws io.chorus.api.InvalidConfigException naming an option out of range
     */
    public static Compression from(Options o) {
        return new Compression(ENABLED.read(o), THRESHOLD.read(o), MAX_INFLATED.read(o));
    }
}
