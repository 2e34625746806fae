package io.chorus.api;

import java.util.Objects;

/**
 * One key of a node's {@link Keyring}: its id and whether it signs. The id is derived from the
 * derived signing key, never from the secret itself, so printing it reveals nothing about the
 * secret; the same secret and cluster label give the same id on every node.
 *
 * @param id the key id in lowercase hex, as carried in each message's trailer
 * @param primary whether this key signs what the node sends (exactly one key does)
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record KeyInfo(String id, boolean primary) {
    /** Checks the components. */
    public KeyInfo {
        Objects.requireNonNull(id, "id");
    }
}
