/**
 * For applications: create a node with {@link io.chorus.api.Chorus#create(ClusterConfig)}, join a
 * cluster, read its members, subscribe to events and route keys on the ring.
 *
 * <p>Every type here is immutable unless it says otherwise, and no method takes or returns
 * {@code null}: absent values are {@link java.util.Optional} or empty collections.
 *
 * <p>Values you read and compare stay records: {@link io.chorus.api.Address},
 * {@link io.chorus.api.NodeId}, {@link io.chorus.api.Member}, the events of
 * {@link io.chorus.api.ClusterEvent}, {@link io.chorus.api.Message}, {@link io.chorus.api.KeyInfo}
 * and {@link io.chorus.api.MemberSetChange}. Each is whole as it is (an address is a host and a
 * port; an event says what happened), the engine builds them, and you read their components,
 * compare them and match on them; a record gives exactly that. A type that will gain fields and
 * that you build yourself, such as {@link io.chorus.api.ClusterStats} or the SPI contexts, is a
 * final class with accessors and a builder or factory instead, so a new field breaks no caller.
 *
 * <p>Every public type says how far you may rely on it with {@link io.chorus.api.Stability}:
 * {@code STABLE} types are kept compatible within a major api version, {@code EXPERIMENTAL} ones
 * (messaging, views, the keyring, the set of stats counters) may still change in a minor one.
 */
package io.chorus.api;
