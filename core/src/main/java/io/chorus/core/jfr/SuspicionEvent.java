package io.chorus.core.jfr;

import io.chorus.core.wire.Peer;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A suspicion this node held, at its end: whom, who confirmed it, its timeout, and what became of the member. */
@Name("chorus.Suspicion")
@Label("Suspicion")
@Description("A suspicion at its end: the member, the independent confirmations, the timeout then, how long it ran, the outcome")
public final class SuspicionEvent extends ChorusEvent {
    /** The outcome of a suspicion replaced by a newer one (a higher incarnation suspected). */
    public static final String SUPERSEDED = "SUPERSEDED";

    @Label("Member")
    @Description("The suspected member (name@host:port)")
    String member;

    @Label("First Suspector")
    @Description("Who raised the suspicion (name)")
    String suspector;

    @Label("Confirmations")
    @Description("Independent confirmations from other members, each of which shrinks the timeout (Lifeguard)")
    int confirmations;

    @Label("Timeout")
    @Description("The suspicion's timeout as its confirmations had made it")
    @Timespan(Timespan.NANOSECONDS)
    long timeout;

    @Label("Lasted")
    @Description("From the suspicion's start to its end")
    @Timespan(Timespan.NANOSECONDS)
    long lasted;

    @Label("Outcome")
    @Description("The member's state after: DEAD (the suspicion ran out, or another member's verdict), ALIVE (it refuted: "
            + "a false suspicion), LEFT, or SUPERSEDED")
    String outcome;

    /**
     * @param member the suspect
     * @param suspector who raised it
     * @param confirmations independent confirmations
     * @param timeoutNanos its timeout
     * @param lastedNanos how long it ran
     * @param outcome the member's state after, or {@link #SUPERSEDED}
     */
    public static void emit(Peer member, Peer suspector, int confirmations, long timeoutNanos, long lastedNanos,
            String outcome) {
        SuspicionEvent e = new SuspicionEvent();
        if (e.isEnabled()) {
            e.member = member.id().toString();
            e.suspector = suspector.name();
            e.confirmations = confirmations;
            e.timeout = timeoutNanos;
            e.lasted = lastedNanos;
            e.outcome = outcome;
            e.commit();
        }
    }
}
