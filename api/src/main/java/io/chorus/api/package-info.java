/**
 * For applications: create a node with {@link io.chorus.api.Chorus#create(ClusterConfig)}, join a
 * cluster, read its members, subscribe to events and route keys on the ring.
 *
 * <p>Every type here is immutable unless it says otherwise, and no method takes or returns
 * {@code null}: absent values are {@link java.util.Optional} or empty collections.
 */
package io.chorus.api;
