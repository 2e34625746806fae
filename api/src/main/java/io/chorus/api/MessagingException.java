package io.chorus.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A message, request or broadcast that failed: {@link #reason()} says why, {@link #member()}
 * names the member concerned, when there is one. Thrown by the call that could not take the
 * message, or the cause of a request's failed future.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public class MessagingException extends ChorusException {
    private static final long serialVersionUID = 1L;

    /** Why a message failed. */
    @Stability(Stability.Level.EXPERIMENTAL)
    public enum Reason {
        /** No reply within the request's timeout. */
        TIMEOUT,
        /** The member is unknown, DEAD or LEFT, left or failed while the request ran, or its connection broke. */
        MEMBER_UNAVAILABLE,
        /** The member has no handler for the topic. */
        NO_HANDLER,
        /** The member's handler threw; the message says what it threw. */
        HANDLER_FAILED,
        /** The member's handler queue was full. */
        OVERLOADED,
        /** A local queue or limit was full: too many requests in flight or broadcasts pending. */
        REJECTED,
        /** The payload is larger than allowed, or than the transport can carry. */
        TOO_LARGE,
        /** The node stopped before the request finished. */
        STOPPED
    }

    private final Reason reason;
    private final transient NodeId member;

    /**
     * @param reason why
     * @param member the member concerned, or null when none
     * @param message what went wrong, naming the member, topic or limit
     */
    public MessagingException(Reason reason, NodeId member, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.member = member;
    }

    /** @return why the message failed */
    public Reason reason() {
        return reason;
    }

    /** @return the member concerned, if any */
    public Optional<NodeId> member() {
        return Optional.ofNullable(member);
    }
}
