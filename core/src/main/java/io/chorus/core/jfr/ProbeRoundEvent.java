package io.chorus.core.jfr;

import io.chorus.core.wire.Peer;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** One SWIM probe round of this node: its target, how it ended, and how long the ack took. */
@Name("chorus.ProbeRound")
@Label("Probe Round")
@Description("One SWIM probe round: the target, how it ended, the time to the ack, whether indirect probes were asked")
public final class ProbeRoundEvent extends ChorusEvent {
    /** How a round ended. */
    public enum Result {
        /** The target's own ack over a packet: the round-trip time is measured. */
        ACK,
        /** An ack relayed by an indirect prober. */
        INDIRECT_ACK,
        /** The target's ack to the stream fallback. */
        STREAM_ACK,
        /** No ack before the round ended. */
        NO_ACK
    }

    @Label("Target")
    @Description("The member probed (name@host:port)")
    String target;

    @Label("Result")
    @Description("ACK, INDIRECT_ACK, STREAM_ACK or NO_ACK")
    String result;

    @Label("Time to Ack")
    @Description("From the direct ping sent to the ack received; 0 with no ack")
    @Timespan(Timespan.NANOSECONDS)
    long rtt;

    @Label("Indirect")
    @Description("Whether the direct ping went unanswered in time and other members were asked to probe")
    boolean indirect;

    /**
     * @param target the member probed
     * @param result how it ended
     * @param rttNanos the time to the ack, 0 with none
     * @param indirect whether ping-reqs went out
     */
    public static void emit(Peer target, Result result, long rttNanos, boolean indirect) {
        ProbeRoundEvent e = new ProbeRoundEvent();
        if (e.isEnabled()) {
            e.target = target.id().toString();
            e.result = result.name();
            e.rtt = rttNanos;
            e.indirect = indirect;
            e.commit();
        }
    }
}
