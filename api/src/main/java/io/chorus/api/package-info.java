/**
 * For applications: create a node with {@link io.chorus.api.Chorus#create(ClusterConfig)}, join a
 * cluster, read its members, subscribe to events and route keys on the ring.
 *
 * <p>Every type here is immutable unless it says otherwise, and no method takes or returns
 * {@code null}: absent values are {@link java.util.Optional} or empty collections.
 *
 * <p>Every public type says how far you may rely on it with {@link io.chorus.api.Stability}:
 * {@code STABLE} types are kept compatible within a major api version, {@code EXPERIMENTAL} ones
 * (messaging, views, the keyring, the set of stats counters) may still change in a minor one.
 */
package io.chorus.api;
