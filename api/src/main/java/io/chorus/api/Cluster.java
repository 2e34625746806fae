package io.chorus.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One Chorus node and its view of the cluster. Create one with {@link Chorus#create(ClusterConfig)},
 * then {@link #start()}, {@link #join()}, and finally {@link #leave()} or {@link #close()}.
 *
 * <p>Reads ({@link #members()}, tag queries, {@link #ring()}) come from an immutable snapshot
 * published after each change: lock-free, always consistent. Thread-safe.
 */
@Stability(Stability.Level.STABLE)
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
     * join timeout. Returns once one seed answered and the full state was exchanged: by then
     * {@link #members()} holds every member that seed's state named. With no seed at all (none
     * configured, none discovered) it returns 0 at once: this node starts a new cluster, and
     * others join through it.
     *
     * @return 1 once a seed answered (the join ends with the first answer), 0 when there was no seed
     * @throws NotStartedException if not running
     * @throws AlreadyJoinedException if already joined
     * @throws JoinTimeoutException listing the seeds tried
     * @throws NameConflictException if a live member holds this node's name at another address
     */
    int join();

    /**
     * Joins through the given seeds, as {@link #join()} does.
     *
     * @param seeds addresses of existing members
     * @return 1 once a seed answered, 0 when there was no seed
     */
    int join(Collection<Address> seeds);

    /**
     * Joins through the given addresses, as {@link #join(Collection)} does, or, on a node that has
     * joined already, exchanges full state with them again: the way to merge two clusters that
     * formed apart (each side learns the other's members and gossips them on), or to reach members a
     * long partition made both sides forget. It may be called any number of times; one join or merge
     * runs at a time, and others wait for it.
     *
     * @param addresses addresses of members of the cluster to merge with
     * @return 1 once one of them answered, 0 when the collection is empty
     * @throws NotStartedException if not running
     * @throws JoinTimeoutException listing the addresses tried, when none answered in the join timeout
     * @throws NameConflictException if a live member there holds this node's name at another address
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default int merge(Collection<Address> addresses) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot merge clusters");
    }

    /**
     * Forces a failed member out, as Serf's {@code force-leave}: a member this node holds DEAD becomes
     * LEFT now, and the news is gossiped at the highest priority, so that every member stops counting
     * it toward quorum ({@link #hasQuorum()}), stops trying to reach it, and forgets it after
     * {@link ClusterConfig#deadRetention()} like any member that left. A member that is in fact alive
     * (cut off, not dead) refutes the leave when it hears of it, and is ALIVE again. A member already
     * LEFT is returned as it is.
     *
     * @param name the member's name
     * @return the member, now LEFT
     * @throws java.util.NoSuchElementException if this node knows no member of that name
     * @throws IllegalStateException if the member is ALIVE or SUSPECT (the message names its state)
     * @throws NotStartedException if not running
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default Member forceLeave(String name) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot force a member to leave");
    }

    /**
     * Leaves gracefully: announces LEFT at the highest priority, waits up to the leave timeout for
     * it to spread, then stops. Idempotent.
     */
    void leave();

    /** Leaves if still a member (as {@link #leave()}), then releases every resource. Idempotent. */
    @Override
    void close();

    /**
     * Stops at once without leaving, as a crashed process would: the sockets are closed and no
     * goodbye is sent, so the other members detect a failure. For tests of failure detection in one
     * JVM; a service that shuts down should {@link #leave()} or {@link #close()}. Idempotent.
     */
    void halt();

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
     * Watches the ALIVE members that carry every one of the tags: the listener gets the current set
     * at once, then each change of it, in order, on the node's event thread. Driven by membership
     * events, never by polling; a change is computed against the latest snapshot, so the watched set
     * only moves forward.
     *
     * @param tags tags that must all match (empty: every ALIVE member)
     * @param listener receives the changes
     * @return the registration; close it to stop
     * @throws NotStartedException if the node is not started
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    Subscription watch(Map<String, String> tags, Consumer<? super MemberSetChange> listener);

    /**
     * The coordinator: the oldest ALIVE member in this node's view, by the time it started (carried
     * in its incarnation), ties broken by name. Every node computes it from its own view with no
     * extra messages, so nodes that see the same members agree on it. It is not a consensus leader:
     * the two sides of a partition may each have one, and only the side with {@link #hasQuorum()}
     * should act as the cluster. A {@link ClusterEvent.CoordinatorChanged} marks each change.
     *
     * @return the coordinator; empty only when this node sees no ALIVE member at all (it left)
     * @throws NotStartedException if the node is not started
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    Optional<Member> coordinator();

    /**
     * Whether this node sees a strict majority of the cluster ALIVE, itself included. The cluster's
     * size is what this node knows: members not LEFT, DEAD ones included until they are forgotten
     * after {@link ClusterConfig#deadRetention()} (a graceful leave shrinks the cluster, a crash does
     * not). A {@link ClusterEvent.QuorumChanged} marks each flip.
     *
     * @return whether this node's side holds a majority
     * @throws NotStartedException if the node is not started
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    boolean hasQuorum();

    /**
     * Sets a tag on the local node; raises its incarnation and gossips the change. Returns once the
     * local view holds the new tags; the returned stage completes when the change has been sent to
     * a first round of members (as many as the gossip fan-out, or every other member when there
     * are fewer), at once when no other member is ALIVE or the tag already had that value. From
     * there gossip and push-pull carry it to the rest; nothing waits for every member to hear it.
     *
     * @param key the key
     * @param value the value
     * @return completes when the change went out to a first round of members; fails with a
     *     {@link ChorusException} if the node stops first
     * @throws InvalidConfigException if the tags would break the size rules
     */
    CompletionStage<Void> updateTag(String key, String value);

    /**
     * Removes a tag from the local node; raises its incarnation and gossips the change, as
     * {@link #updateTag} does.
     *
     * @param key the key
     * @return completes when the change went out to a first round of members
     */
    CompletionStage<Void> removeTag(String key);

    /**
     * @return the ring over the ALIVE members
     * @throws ProviderException if no hashing provider is present (add {@code io.chorus:chorus-hashing})
     */
    Ring ring();

    /** @return counters since start */
    ClusterStats stats();

    /**
     * Which provider the node uses for each SPI kind, and why each won (named in the config, the
     * only one found, the highest priority among the candidates, ...), as logged in one line when
     * the node starts. Known from {@link Chorus#create} on; from {@link #start()} on, a transport
     * standing by for frames is listed only if the packet transport carries none.
     *
     * @return the choices: the engine first, then by kind; empty if the engine does not report them
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default List<ProviderChoice> providers() {
        return List.of();
    }

    /**
     * The node's signing keys, to rotate them with no restart (see {@link Keyring}).
     *
     * @return the keyring; empty when the node has no secret (its traffic is unsigned) or is not started
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    Optional<Keyring> keyring();

    /**
     * @return whether the node seals (encrypts) or signs what it sends, and which it accepts;
     *     {@link Encryption#OFF} for a node that cannot seal
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default Encryption encryption() {
        return Encryption.OFF;
    }

    /**
     * Switches the node to another {@link Encryption} mode at once, with no restart: the next
     * packet sent and received follows it. Switch a running cluster one step at a time on every
     * node ({@code OFF}, {@code ACCEPT}, {@code SEND}, {@code ON}, or back), so that every node
     * accepts what every other sends at each step.
     *
     * @param mode the new mode
     * @throws KeyringException if the mode needs sealing and the node cannot seal (no secret, or
     *     a signer that only signs)
     * @throws NotStartedException if the node is not running
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default void encryption(Encryption mode) {
        java.util.Objects.requireNonNull(mode, "mode");
        if (mode != Encryption.OFF) {
            throw new KeyringException("this node cannot seal its traffic: encryption " + mode.id() + " needs a secret and "
                    + "a signer that seals (io.chorus:chorus-security-aes)");
        }
    }

    /** @return the node's life-cycle status */
    ClusterStatus status();

    /**
     * Sends a message to one member, best effort: in one packet when it fits, else over a stream.
     * Nothing says whether it arrived; use {@link #request} for that. Runs on the caller's thread
     * and never waits for the network.
     *
     * @param member the destination
     * @param topic the topic its handler is registered for: 1 to 128 characters from letters,
     *     digits, {@code . _ - :}
     * @param payload the bytes, at most {@code messaging.max-payload} (default 4 MiB)
     * @throws IllegalArgumentException if the topic breaks the rule
     * @throws MessagingException if the member is unknown, DEAD or LEFT, or the payload too large
     * @throws NotStartedException if the node is not running
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    void send(NodeId member, String topic, byte[] payload);

    /**
     * Sends a request to one member's handler for the topic and returns its reply. The future
     * fails with a {@link MessagingException} when no reply comes within the timeout
     * ({@code TIMEOUT}); at once when the member leaves, is declared DEAD, or its connection breaks
     * while the request runs ({@code MEMBER_UNAVAILABLE}); when the member has no handler for the
     * topic ({@code NO_HANDLER}) or its handler threw ({@code HANDLER_FAILED}) or was overloaded
     * ({@code OVERLOADED}). The future completes on a message thread, never the protocol loop.
     *
     * @param member the destination
     * @param topic the topic (rule as in {@link #send})
     * @param payload the bytes
     * @param timeout how long to wait for the reply, positive
     * @return the reply: its sender is the member that answered
     * @throws IllegalArgumentException if the topic or timeout breaks the rules
     * @throws MessagingException ({@code REJECTED}) if {@code messaging.max-pending} requests are
     *     already in flight; ({@code TOO_LARGE}) if the payload is too large
     * @throws NotStartedException if the node is not running
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    CompletableFuture<Message> request(NodeId member, String topic, byte[] payload, Duration timeout);

    /**
     * Sends a request to the owner of a key on the {@link #ring()}; when the owner is gone (it
     * left or failed, or its connection broke) or overloaded, to the next replica in ring order,
     * up to {@code messaging.route-attempts} members (default 3), all within the one timeout.
     *
     * @param key the key, hashed as by {@link Ring#owner}
     * @param topic the topic
     * @param payload the bytes
     * @param timeout how long to wait for a reply in all, positive
     * @return the reply of the member that answered
     * @throws ProviderException if no hashing provider is present
     * @see #request(NodeId, String, byte[], Duration)
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    CompletableFuture<Message> request(CharSequence key, String topic, byte[] payload, Duration timeout);

    /**
     * Broadcasts a user event to every member, this one included: each node delivers it once, as
     * a {@link ClusterEvent.UserEvent}, in the order this node broadcast its events. Events up to
     * {@code messaging.broadcast-limit} bytes (default 8 KiB) spread by gossip; larger ones go over
     * a stream from this node to each member.
     *
     * @param topic the topic (rule as in {@link #send})
     * @param payload the bytes
     * @throws MessagingException ({@code REJECTED}) if {@code messaging.max-broadcasts} events are
     *     still spreading; ({@code TOO_LARGE}) if the payload is too large
     * @throws NotStartedException if the node is not running
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    default void broadcast(String topic, byte[] payload) {
        broadcast(topic, payload, false);
    }

    /**
     * Broadcasts a user event, as {@link #broadcast(String, byte[])}. With {@code coalesce}, a
     * newer event of this node on the same topic replaces one still spreading, and each node
     * delivers only the latest of a burst that arrives within {@code messaging.coalesce-period}
     * (default 200 ms): for state where only the last value matters. Coalesced events are not
     * ordered with this node's other events.
     *
     * @param topic the topic
     * @param payload the bytes
     * @param coalesce whether newer events of the topic may replace older ones
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    void broadcast(String topic, byte[] payload, boolean coalesce);

    /**
     * Registers the handler for a topic's messages and requests, replacing any earlier one.
     *
     * @param topic the topic (rule as in {@link #send})
     * @param handler runs for each message of the topic
     * @return the registration; close it to remove the handler
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    Subscription handle(String topic, MessageHandler handler);

    /**
     * Subscribes to events. The listener runs on the node's event thread, in event order.
     *
     * @param listener receives every event from now on
     * @return the registration; close it to stop
     */
    Subscription subscribe(Consumer<? super ClusterEvent> listener);
}
