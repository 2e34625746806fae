package io.chorus.api;

/** Why a member was declared {@link MemberState#DEAD}. */
@Stability(Stability.Level.STABLE)
public enum FailureReason {
    /** Direct and indirect probes went unanswered and the suspicion ran out. */
    PROBE_TIMEOUT,
    /** The member's address actively refused a connection. */
    CONNECTION_REFUSED,
    /** An established connection to the member was closed or reset. */
    CONNECTION_CLOSED
}
