package io.chorus.core.wire;

import java.nio.charset.StandardCharsets;

/**
 * The rule for user message and event topics: 1 to {@link #MAX_LENGTH} characters from letters,
 * digits, {@code . _ - :}. ASCII only, so a topic is its own wire encoding and fits a URL path.
 */
public final class Topics {
    /** The longest topic. */
    public static final int MAX_LENGTH = 128;
    /** The rule, as error messages quote it. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters from letters, digits, '.', '_', '-', ':'";

    private Topics() {
    }

    /**
     * @param topic a topic from a caller
     * @return its wire bytes
     * @throws IllegalArgumentException naming the topic and the rule if it breaks it
     */
    public static byte[] check(String topic) {
        if (topic == null) {
            throw new IllegalArgumentException("topic is null; a topic is " + RULE);
        }
        byte[] b = topic.getBytes(StandardCharsets.ISO_8859_1);
        if (topic.isEmpty() || topic.length() > MAX_LENGTH || !valid(topic)) {
            String shown = topic.length() > 40 ? topic.substring(0, 40) + "..." : topic;
            throw new IllegalArgumentException("topic '" + shown + "' (" + topic.length() + " characters) is not valid: a topic is "
                    + RULE);
        }
        return b;
    }

    private static boolean valid(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!allowed(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean allowed(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
                || c == ':';
    }

    /**
     * @param w the writer
     * @param topic a topic's wire bytes, already checked
     */
    static void write(WireWriter w, byte[] topic) {
        w.u8(topic.length);
        w.bytes(topic, 0, topic.length);
    }

    /**
     * @param r the reader
     * @return the topic
     * @throws CodecException if its length or a character breaks the rule
     */
    static String read(WireReader r) throws CodecException {
        int len = r.u8();
        if (len == 0 || len > MAX_LENGTH) {
            throw new CodecException("topic length " + len + " out of range 1-" + MAX_LENGTH);
        }
        r.need(len);
        for (int i = 0; i < len; i++) {
            if (!allowed(r.buf[r.pos + i] & 0xff)) {
                throw new CodecException("topic byte " + (r.buf[r.pos + i] & 0xff) + " at " + (r.pos + i) + " is not allowed: "
                        + RULE);
            }
        }
        String s = new String(r.buf, r.pos, len, StandardCharsets.ISO_8859_1);
        r.pos += len;
        return s;
    }
}
