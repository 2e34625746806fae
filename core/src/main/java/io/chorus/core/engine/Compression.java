package io.chorus.core.engine;

import io.chorus.api.Options;
import io.chorus.core.wire.Codec;

/**
 * A node's compression settings, read once from its options for the protocol loop and for user
 * messages alike.
 *
 * @param enabled whether the node compresses, advertises that it inflates, and inflates
 * @param threshold message bytes from which a frame is compressed; 0 never compresses
 * @param maxInflated the largest inflated size accepted
 */
public record Compression(boolean enabled, int threshold, int maxInflated) {
    /** Option: whether this node compresses, advertises that it inflates, and inflates (false: the wire of a build before compression). */
    public static final String ENABLED = "compression.enabled";
    /** Option: message bytes from which a frame is compressed; 0 never compresses. */
    public static final String THRESHOLD = "compression.threshold";
    /** Option: the largest inflated size of a compressed packet or frame accepted. */
    public static final String MAX_INFLATED = "compression.max-inflated-bytes";

    /**
     * @param o the node's options
     * @return the settings, range-checked
     * @throws io.chorus.api.InvalidConfigException naming an option out of range
     */
    public static Compression from(Options o) {
        return new Compression(o.booleanValue(ENABLED, true),
                o.intValue(THRESHOLD, Codec.DEFAULT_THRESHOLD, 0, 1 << 30),
                o.intValue(MAX_INFLATED, Codec.DEFAULT_MAX_INFLATED, 64 * 1024, 1 << 30));
    }
}
