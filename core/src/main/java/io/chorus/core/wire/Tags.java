package io.chorus.core.wire;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** A node's tags with their wire encoding ({@code count, (key, value)*}, sorted by key), immutable. */
public final class Tags {
    /** No tags. */
    public static final Tags EMPTY = new Tags(Map.of(), new byte[] {0});

    final Map<String, String> map;
    final byte[] wire;

    private Tags(Map<String, String> map, byte[] wire) {
        this.map = map;
        this.wire = wire;
    }

    /**
     * @param map tags
     * @return them with their encoding
     */
    public static Tags of(Map<String, String> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        WireWriter w = new WireWriter(64);
        TreeMap<String, String> sorted = new TreeMap<>(map);
        w.varlong(sorted.size());
        sorted.forEach((k, v) -> {
            w.string(k);
            w.string(v);
        });
        return new Tags(Map.copyOf(map), Arrays.copyOf(w.buf, w.pos));
    }

    /** @return the tags */
    public Map<String, String> map() {
        return map;
    }

    /** @return encoded size */
    public int wireLength() {
        return wire.length;
    }

    /**
     * Reads tags, reusing {@code current} when the bytes are the same (no allocation then).
     *
     * @param r the reader
     * @param current the tags known so far
     * @param maxBytes the largest encoding allowed
     * @return the tags read
     * @throws CodecException if malformed
     */
    public static Tags read(WireReader r, Tags current, int maxBytes) throws CodecException {
        int start = r.pos;
        int count = skip(r, maxBytes);
        int len = r.pos - start;
        if (current != null && current.wire.length == len
                && Arrays.equals(current.wire, 0, len, r.buf, start, start + len)) {
            return current;
        }
        if (count == 0) {
            return EMPTY;
        }
        TreeMap<String, String> m = new TreeMap<>();
        WireReader sub = new WireReader().reset(r.buf, start, len);
        sub.varint(maxBytes);
        String prev = null;
        for (int i = 0; i < count; i++) {
            String k = sub.string(maxBytes);
            String v = sub.string(maxBytes);
            // one map, one encoding: keys come sorted and unique, as Tags.of writes them
            if (k.isEmpty() || (prev != null && k.compareTo(prev) <= 0)) {
                throw new CodecException("tag key '" + k + "' is empty, duplicate or out of order");
            }
            m.put(k, v);
            prev = k;
        }
        return new Tags(Map.copyOf(m), Arrays.copyOfRange(r.buf, start, start + len));
    }

    /**
     * Skips encoded tags.
     *
     * @param r the reader
     * @param maxBytes the largest encoding allowed
     * @return how many tags were skipped
     * @throws CodecException if malformed or too large
     */
    public static int skip(WireReader r, int maxBytes) throws CodecException {
        int start = r.pos;
        int count = r.varint(maxBytes / 2);
        for (int i = 0; i < count; i++) {
            r.skip(r.varint(maxBytes));
            r.skip(r.varint(maxBytes));
        }
        if (r.pos - start > maxBytes + 16) {
            throw new CodecException("tags of " + (r.pos - start) + " bytes exceed " + maxBytes);
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tags t && Arrays.equals(wire, t.wire);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wire);
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
