package io.chorus.api.spi;

import io.chorus.api.Stability;

/** The outcome of checking a message's signature. */
@Stability(Stability.Level.STABLE)
public enum Verification {
    /** The tag matches. */
    VALID,
    /** The tag does not match: tampered, or signed with another secret. */
    BAD_TAG,
    /** The key id names no key in the keyring. */
    UNKNOWN_KEY,
    /** Valid, but old or already seen. */
    REPLAYED
}
