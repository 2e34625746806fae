package io.chorus.core.jfr;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A packet or frame refused before decoding: by its signature, or as malformed. */
@Name("chorus.RejectedMessage")
@Label("Rejected Message")
@Description("A packet or frame refused: the cause, how it came, its size, and whether it was membership or user traffic")
public final class RejectedMessageEvent extends ChorusEvent {
    @Label("Cause")
    @Description("MISSING_SIGNATURE, BAD_SIGNATURE, UNKNOWN_KEY, REPLAYED, or DROPPED (malformed, truncated, oversized, "
            + "a foreign version)")
    String cause;

    @Label("Channel")
    @Description("PACKET or STREAM")
    String channel;

    @Label("Bytes")
    @DataAmount
    long bytes;

    @Label("User Traffic")
    @Description("Whether it was a user message rather than membership traffic")
    boolean user;

    /**
     * @param cause why it was refused
     * @param channel how it came
     * @param bytes its size
     * @param user whether it was user traffic
     */
    public static void emit(Enum<?> cause, Enum<?> channel, long bytes, boolean user) {
        RejectedMessageEvent e = new RejectedMessageEvent();
        if (e.isEnabled()) {
            e.cause = cause.name();
            e.channel = channel == null ? null : channel.name();
            e.bytes = bytes;
            e.user = user;
            e.commit();
        }
    }
}
