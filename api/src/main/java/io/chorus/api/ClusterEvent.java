package io.chorus.api;

import java.util.Objects;

/**
 * Something that changed in the local node's view of the cluster. Events reach each listener in
 * the order they happened, on an event thread of their own: a slow listener delays later events
 * but never the protocol.
 */
@Stability(Stability.Level.STABLE)
public sealed interface ClusterEvent {

    /** A member appeared for the first time, or came back after it had been DEAD or LEFT. @param member the member now */
    @Stability(Stability.Level.STABLE)
    record MemberJoined(Member member) implements ClusterEvent {
        /** Checks the component. */
        public MemberJoined {
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * An ALIVE member changed its tags or its address.
     *
     * @param previous the member before
     * @param current the member now
     */
    @Stability(Stability.Level.STABLE)
    record MemberUpdated(Member previous, Member current) implements ClusterEvent {
        /** Checks the components. */
        public MemberUpdated {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }
    }

    /** A member is suspected of having failed. @param member the member now */
    @Stability(Stability.Level.STABLE)
    record MemberSuspected(Member member) implements ClusterEvent {
        /** Checks the component. */
        public MemberSuspected {
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * A member was declared DEAD.
     *
     * @param member the member now
     * @param reason why it was declared dead
     */
    @Stability(Stability.Level.STABLE)
    record MemberFailed(Member member, FailureReason reason) implements ClusterEvent {
        /** Checks the components. */
        public MemberFailed {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A member left gracefully. @param member the member now */
    @Stability(Stability.Level.STABLE)
    record MemberLeft(Member member) implements ClusterEvent {
        /** Checks the component. */
        public MemberLeft {
            Objects.requireNonNull(member, "member");
        }
    }

    /** A suspected member refuted the suspicion and is ALIVE again. @param member the member now */
    @Stability(Stability.Level.STABLE)
    record MemberRecovered(Member member) implements ClusterEvent {
        /** Checks the component. */
        public MemberRecovered {
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * The ring was rebuilt because the members on it changed (issued only when a hashing provider is
     * present). The share is measured on a fixed sample of keys, so it is an estimate, good to about
     * a percent.
     *
     * @param epoch the new ring's epoch
     * @param members members on the new ring
     * @param movedShare the share of keys (0 to 1) whose owner changed
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    record RingChanged(long epoch, int members, double movedShare) implements ClusterEvent {
        /** Checks the components. */
        public RingChanged {
            if (!(movedShare >= 0 && movedShare <= 1)) {
                throw new IllegalArgumentException("movedShare " + movedShare + " must be within 0 to 1");
            }
        }
    }

    /**
     * A user event broadcast by a member (see {@link Cluster#broadcast}), delivered once per node,
     * in the order its sender broadcast it. Immutable: the payload is copied in and out.
     *
     * @param topic the event's topic
     * @param sender the member that broadcast it
     * @param payload its bytes; a copy on every call
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    record UserEvent(String topic, NodeId sender, byte[] payload) implements ClusterEvent {
        /** Checks the components and copies the payload. */
        public UserEvent {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(sender, "sender");
            payload = Objects.requireNonNull(payload, "payload").clone();
        }

        /** @return a copy of the payload */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** @return the payload's length in bytes */
        public int size() {
            return payload.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserEvent e && e.topic.equals(topic) && e.sender.equals(sender)
                    && java.util.Arrays.equals(e.payload, payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topic, sender) * 31 + java.util.Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "UserEvent[" + topic + " from " + sender + ", " + payload.length + " bytes]";
        }
    }

    /**
     * The coordinator changed: the oldest ALIVE member in this node's view (see
     * {@link Cluster#coordinator()}). Not a consensus leader: two sides of a partition may each have
     * one; {@link Cluster#hasQuorum()} tells them apart.
     *
     * @param coordinator the coordinator now
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    record CoordinatorChanged(Member coordinator) implements ClusterEvent {
        /** Checks the component. */
        public CoordinatorChanged {
            Objects.requireNonNull(coordinator, "coordinator");
        }
    }

    /**
     * This node gained or lost quorum (see {@link Cluster#hasQuorum()}).
     *
     * @param quorum whether it sees a strict majority of the cluster ALIVE
     * @param alive members it sees ALIVE, itself included
     * @param expected the cluster's size as it knows it: members not LEFT, DEAD ones included until
     *     they are forgotten after {@link ClusterConfig#deadRetention()}
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    record QuorumChanged(boolean quorum, int alive, int expected) implements ClusterEvent {
        /** Checks the components. */
        public QuorumChanged {
            if (alive < 0 || expected < alive) {
                throw new IllegalArgumentException("alive " + alive + " must be within 0 to expected " + expected);
            }
        }
    }

    /**
     * A node at another address tried to join under this node's name. Names are unique in a
     * cluster, so the newcomer's join was refused (it fails with a {@link NameConflictException}
     * naming this node's address); this node keeps its name. Raised on the node that holds the name
     * when a seed tells it, or when it hears the other address claim the name with an incarnation at
     * least its own. A restart at the same address is a reincarnation, never a conflict.
     *
     * @param holder this node, which holds the name
     * @param claimant the node at another address that claimed it
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    record NameConflict(NodeId holder, NodeId claimant) implements ClusterEvent {
        /** Checks the components: the same name at two different addresses. */
        public NameConflict {
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(claimant, "claimant");
            if (!holder.name().equals(claimant.name()) || holder.equals(claimant)) {
                throw new IllegalArgumentException("a name conflict is one name at two addresses, not " + holder
                        + " and " + claimant);
            }
        }
    }

    /**
     * The local node's status changed.
     *
     * @param previous the status before
     * @param current the status now
     */
    @Stability(Stability.Level.STABLE)
    record StatusChanged(ClusterStatus previous, ClusterStatus current) implements ClusterEvent {
        /** Checks the components. */
        public StatusChanged {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }
    }
}
