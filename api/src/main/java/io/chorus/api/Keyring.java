package io.chorus.api;

import java.util.List;

/**
 * The signing keys of a node that signs its traffic: one primary key signs, every key verifies.
 * Keys change at run time with no restart. Rotating a cluster to a new secret, with no member
 * lost: {@link #install(Secret)} the new secret on every node, then {@link #promote(String)} it on
 * every node, then {@link #remove(String)} the old key on every node once each node signs with the
 * new one. Thread-safe; changes apply to the next message sent or received.
 *
 * <p>Obtain it with {@link Cluster#keyring()}.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public interface Keyring {
    /** @return every key, the primary first, then in the order installed */
    List<KeyInfo> keys();

    /**
     * Derives a key from the secret (with the node's cluster label) and accepts it from now on;
     * the primary is unchanged. Installing a key already held changes nothing.
     *
     * @param secret the secret
     * @return the key, with its id
     * @throws KeyringException if the keyring is full
     */
    KeyInfo install(Secret secret);

    /**
     * Makes a key the primary: the node signs with it from now on.
     *
     * @param keyId a key id as {@link #keys()} lists it
     * @throws KeyringException if no key has that id
     */
    void promote(String keyId);

    /**
     * Stops accepting a key.
     *
     * @param keyId a key id as {@link #keys()} lists it
     * @throws KeyringException if no key has that id, or it is the primary (promote another first)
     */
    void remove(String keyId);
}
