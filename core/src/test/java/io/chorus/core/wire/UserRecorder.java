package io.chorus.core.wire;

import io.chorus.api.NodeId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link UserCodec.Visitor} that records what it is called with (payloads as hex, so records
 * and senders as ids compare by value), or, for fuzzing, only counts calls. Either way it checks every call against
 * what a decoder may hand out: the buffer it was given, a payload inside the decoded range, a
 * topic that keeps the rule, a reply status in range, non-negative numbers. A breach is
 * remembered, not thrown, so that the decoder's own handling of exceptions cannot hide it.
 */
public class UserRecorder implements UserCodec.Visitor {
    /** A decoded user message. */
    public sealed interface Msg permits Send, Request, Reply, Event {
    }

    /** SEND. */
    public record Send(NodeId from, String topic, String payload) implements Msg {
    }

    /** REQUEST. */
    public record Request(NodeId from, long id, long timeoutMs, String topic, String payload) implements Msg {
    }

    /** REPLY. */
    public record Reply(NodeId from, long id, int status, String payload) implements Msg {
    }

    /** USER_EVENT. */
    public record Event(NodeId origin, long stream, long seq, int flags, String topic, String payload) implements Msg {
    }

    private final boolean keep;
    private final List<Msg> messages = new ArrayList<>();
    private byte[] buf;
    private int from;
    private int to;
    /** Calls since the last {@link #expect}. */
    public int calls;
    /** The first breach seen, or null. */
    public String breach;

    /** @param keep whether to record messages (or only check and count them) */
    public UserRecorder(boolean keep) {
        this.keep = keep;
    }

    /**
     * Says where the next decode's bytes are: payloads must lie inside {@code [from, to)} of
     * {@code buf}. Forgets recorded messages and counts.
     *
     * @param b the buffer about to be decoded
     * @param start where the message's header ends at the earliest (its start + 4)
     * @param end the end of what the decoder may hand out (the trailer excluded)
     */
    public void expect(byte[] b, int start, int end) {
        buf = b;
        from = start;
        to = end;
        calls = 0;
        messages.clear();
    }

    /** @return the messages recorded since {@link #expect} */
    public List<Msg> messages() {
        return messages;
    }

    private void breach(String what) {
        if (breach == null) {
            breach = what;
        }
    }

    /** Checks a call's common values. */
    void check(Peer peer, String topic, byte[] b, int off, int len, long... numbers) {
        calls++;
        if (peer == null) {
            breach("a null peer");
        }
        if (topic != null) {
            if (topic.isEmpty() || topic.length() > Topics.MAX_LENGTH) {
                breach("topic of " + topic.length() + " characters");
            }
            for (int i = 0; i < topic.length(); i++) {
                if (!Topics.allowed(topic.charAt(i))) {
                    breach("topic character " + (int) topic.charAt(i));
                }
            }
        }
        if (b != buf) {
            breach("a payload in another buffer than the input");
        }
        if (off < from || len < 0 || off > to - len) {
            breach("payload [" + off + ", +" + len + ") outside [" + from + ", " + to + ")");
        }
        for (long n : numbers) {
            if (n < 0) {
                breach("a negative number " + n);
            }
        }
    }

    private String hex(byte[] b, int off, int len) {
        return keep ? HexFormat.of().formatHex(b, off, off + len) : null;
    }

    @Override
    public void send(Peer sender, String topic, byte[] b, int off, int len) {
        if (topic == null) {
            breach("a null topic");
        }
        check(sender, topic, b, off, len);
        if (keep && breach == null) {
            messages.add(new Send(sender.id(), topic, hex(b, off, len)));
        }
    }

    @Override
    public void request(Peer sender, long id, long timeoutMs, String topic, byte[] b, int off, int len) {
        if (topic == null) {
            breach("a null topic");
        }
        check(sender, topic, b, off, len, id, timeoutMs);
        if (keep && breach == null) {
            messages.add(new Request(sender.id(), id, timeoutMs, topic, hex(b, off, len)));
        }
    }

    @Override
    public void reply(Peer sender, long id, int status, byte[] b, int off, int len) {
        check(sender, null, b, off, len, id);
        if (status < 0 || status > UserCodec.TOO_LARGE) {
            breach("reply status " + status);
        }
        if (keep && breach == null) {
            messages.add(new Reply(sender.id(), id, status, hex(b, off, len)));
        }
    }

    @Override
    public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] b, int off, int len) {
        if (low < 0) {
            breach("event low " + low);
        }
        if (topic == null) {
            breach("a null topic");
        }
        check(origin, topic, b, off, len, stream, seq);
        if (flags < 0 || flags > 255) {
            breach("event flags " + flags);
        }
        if (keep && breach == null) {
            messages.add(new Event(origin.id(), stream, seq, flags, topic, hex(b, off, len)));
        }
    }
}
