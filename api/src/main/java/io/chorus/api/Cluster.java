package io.chorus.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One Chorus node and its view of the cluster. Create one with {@link Chorus#create(ClusterConfig)},
 * then {@link #start()}, {@link #join()}, and finally {@link #leave()} or {@link #close()}.
 *
 * <p>Reads ({@link #members()}, tag queries, {@link #ring()}) come from an immutable snapshot
 * published after each change: lock-free, always consistent. Thread-safe.
 */
public interface Cluster extends AutoCloseable {

    /**
     * Binds the transport and starts the protocol loop. The node answers probes from then on but
     * is alone until it joins.
     *
     * @return this
     * @throws IllegalStateException if already started
     * @throws ProviderException if the transport cannot be created
     */
    Cluster start();

    /**
     * Joins through the seeds found by discovery, retrying with exponential backoff until the
     * join timeout. Returns once one seed answered and the full state was exchanged.
     *
     * @return how many seeds answered
     * @throws NotStartedException if not running
     * @throws AlreadyJoinedException if already joined
     * @throws JoinTimeoutException listing the seeds tried
     */
    int join();

    /**
     * Joins through the given seeds, as {@link #join()} does.
     *
     * @param seeds addresses of existing members
     * @return how many seeds answered
     */
    int join(Collection<Address> seeds);

    /**
     * Leaves gracefully: announces LEFT at the highest priority, waits up to the leave timeout for
     * it to spread, then stops. Idempotent.
     */
    void leave();

    /** Leaves if still a member (as {@link #leave()}), then releases every resource. Idempotent. */
    @Override
    void close();

    /** @return the local node's id; the bound port when 0 was configured */
    NodeId localId();

    /** @return the local member as the cluster sees it */
    Member localMember();

    /** @return every known member in a stable order (by name), the local one included, DEAD and LEFT ones too */
    List<Member> members();

    /**
     * @param id a member id
     * @return the member with that id, if known
     */
    Optional<Member> member(NodeId id);

    /**
     * @param key a tag key
     * @param value a tag value
     * @return the ALIVE members carrying that tag
     */
    List<Member> membersWithTag(String key, String value);

    /**
     * @param tags tags that must all match
     * @return the ALIVE members carrying every one of those tags
     */
    List<Member> membersWithTags(Map<String, String> tags);

    /**
     * Sets a tag on the local node; raises its incarnation and gossips the change.
     *
     * @param key the key
     * @param value the value
     * @throws InvalidConfigException if the tags would break the size rules
     */
    void updateTag(String key, String value);

    /**
     * Removes a tag from the local node; raises its incarnation and gossips the change.
     *
     * @param key the key
     */
    void removeTag(String key);

    /**
     * @return the ring over the ALIVE members
     * @throws ProviderException if no hashing provider is present (add {@code io.chorus:chorus-hashing})
     */
    Ring ring();

    /** @return counters since start */
    ClusterStats stats();

    /**
     * The node's signing keys, to rotate them with no restart (see {@link Keyring}).
     *
     * @return the keyring; empty when the node has no secret (its traffic is unsigned) or is not started
     */
    Optional<Keyring> keyring();

    /** @return the node's life-cycle status */
    ClusterStatus status();

    /**
     * Subscribes to events. The listener runs on the node's event thread, in event order.
     *
     * @param listener receives every event from now on
     * @return the registration; close it to stop
     */
    Subscription subscribe(Consumer<? super ClusterEvent> listener);
}
