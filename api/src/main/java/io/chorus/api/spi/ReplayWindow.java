package io.chorus.api.spi;

import io.chorus.api.Stability;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Rejects authenticated messages that are old or repeated: the replay protection of the Chorus
 * signers, for any {@link MessageSigner} or {@link MessageSealer} to use. A message carries its
 * sender's random epoch (new for each signer), a sequence number counting up from 0 within the
 * epoch, and the sender's clock in seconds.
 *
 * <ul>
 *   <li>A timestamp more than the time window away from this node's clock is rejected.</li>
 *   <li>Per epoch, an IPsec-style sliding window (RFC 4303, section 3.4.3) of {@code bits}
 *       sequence numbers below the highest seen: a number seen before, or older than the window,
 *       is rejected.</li>
 *   <li>At most {@code maxSenders} epochs are tracked, least recently seen evicted first. Only
 *       messages whose tag was already checked reach this class, so forged traffic never creates
 *       state and memory stays bounded under any flood.</li>
 * </ul>
 *
 * Allocation-free for a known sender (lookups go through a reused key); thread-safe by locking.
 * The sending side is {@link Stamper}: it writes the {@value #STAMP} bytes that
 * {@link #accept(byte[], int, long)} reads.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ReplayWindow {
    /** The smallest sequence window per sender. */
    public static final int MIN_BITS = 64;
    /** The largest sequence window per sender. */
    public static final int MAX_BITS = 65536;
    /** The bytes of a stamp: epoch u64 | sequence u32 | timestamp u32 (seconds), big-endian. */
    public static final int STAMP = 16;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final long windowSeconds;
    private final int bits;
    private final int words;
    private final Senders senders;
    private final EpochKey probe = new EpochKey();

    /**
     * @param windowSeconds the largest accepted difference between a timestamp and the local clock, at least 1
     * @param bits the sequence window per sender, from {@value #MIN_BITS} to {@value #MAX_BITS}, rounded up to a
     *     multiple of 64
     * @param maxSenders how many sender epochs to track, at least 1
     * @throws IllegalArgumentException naming the argument out of range
     */
    public ReplayWindow(long windowSeconds, int bits, int maxSenders) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds = " + windowSeconds + ": at least 1");
        }
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits = " + bits + ": allowed " + MIN_BITS + " to " + MAX_BITS);
        }
        if (maxSenders < 1) {
            throw new IllegalArgumentException("maxSenders = " + maxSenders + ": at least 1");
        }
        bits = (bits + 63) / 64 * 64;
        this.windowSeconds = windowSeconds;
        this.bits = bits;
        this.words = bits / 64;
        this.senders = new Senders(maxSenders);
    }

    /**
     * Records a message if it is fresh.
     *
     * @param epoch the sender's epoch
     * @param seq the sequence number, unsigned 32 bits
     * @param timestamp the sender's clock, unsigned seconds
     * @param nowSeconds this node's clock
     * @return {@code true} if fresh (now recorded), {@code false} if replayed or out of the time window
     */
    public synchronized boolean accept(long epoch, long seq, long timestamp, long nowSeconds) {
        if (Math.abs(nowSeconds - timestamp) > windowSeconds) {
            return false;
        }
        probe.epoch = epoch;
        Window w = senders.get(probe);
        if (w == null) {
            w = new Window(words);
            w.top = seq;
            w.set(seq, bits);
            EpochKey key = new EpochKey();
            key.epoch = epoch;
            senders.put(key, w);
            return true;
        }
        if (seq > w.top) {
            long ahead = seq - w.top;
            if (ahead >= bits) {
                java.util.Arrays.fill(w.map, 0L);
            } else {
                for (long s = w.top + 1; s < seq; s++) {
                    w.clear(s, bits);
                }
            }
            w.top = seq;
            w.set(seq, bits);
            return true;
        }
        if (w.top - seq >= bits || w.isSet(seq, bits)) {
            return false;
        }
        w.set(seq, bits);
        return true;
    }

    /**
     * Records a message if it is fresh, reading its stamp (written by a {@link Stamper}).
     *
     * @param b the buffer
     * @param off where the {@value #STAMP}-byte stamp starts
     * @param nowSeconds this node's clock
     * @return {@code true} if fresh (now recorded), {@code false} if replayed or out of the time window
     */
    public boolean accept(byte[] b, int off, long nowSeconds) {
        return accept((long) LONG.get(b, off), (int) INT.get(b, off + 8) & 0xFFFF_FFFFL,
                (int) INT.get(b, off + 12) & 0xFFFF_FFFFL, nowSeconds);
    }

    /**
     * The sending side: stamps each message with this sender's epoch, drawn from a
     * {@link SecureRandom} when the stamper is made (every start of a node), a sequence number
     * counting up from 0 within it, and the clock in seconds. A new epoch is drawn before the
     * 32-bit sequence could wrap, so no two stamps of one stamper share an epoch and a sequence;
     * two stampers share one only if they draw the same epoch. A sealer may use epoch and sequence
     * as its nonce. Thread-safe.
     */
    @Stability(Stability.Level.EXPERIMENTAL)
    public static final class Stamper {
        private final SecureRandom random;
        private final LongSupplier clockMillis;
        private long epoch;
        private long seq;

        /**
         * @param random the source of epochs
         * @param clockMillis wall-clock milliseconds since the Unix epoch
         */
        public Stamper(SecureRandom random, LongSupplier clockMillis) {
            this.random = Objects.requireNonNull(random, "random");
            this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
            this.epoch = random.nextLong();
        }

        /**
         * Writes the next stamp, epoch u64 | sequence u32 | timestamp u32 (seconds), big-endian.
         *
         * @param b the buffer
         * @param off where the {@value #STAMP} bytes go
         */
        public void stamp(byte[] b, int off) {
            long e;
            long s;
            synchronized (this) {
                if (seq > 0xFFFF_FFFFL) {
                    epoch = random.nextLong();
                    seq = 0;
                }
                e = epoch;
                s = seq++;
            }
            LONG.set(b, off, e);
            INT.set(b, off + 8, (int) s);
            INT.set(b, off + 12, (int) (clockMillis.getAsLong() / 1000));
        }
    }

    /** @return how many sender epochs are tracked */
    public synchronized int senders() {
        return senders.size();
    }

    /** The bitmap of one sender: bit {@code s mod bits} stands for sequence number s. */
    private static final class Window {
        final long[] map;
        long top;

        Window(int words) {
            map = new long[words];
        }

        void set(long s, int bits) {
            int i = (int) (s % bits);
            map[i >>> 6] |= 1L << (i & 63);
        }

        void clear(long s, int bits) {
            int i = (int) (s % bits);
            map[i >>> 6] &= ~(1L << (i & 63));
        }

        boolean isSet(long s, int bits) {
            int i = (int) (s % bits);
            return (map[i >>> 6] & (1L << (i & 63))) != 0;
        }
    }

    /** A mutable key, so that lookups do not box. Stored keys are never mutated. */
    private static final class EpochKey {
        long epoch;

        @Override
        public boolean equals(Object o) {
            return o instanceof EpochKey k && k.epoch == epoch;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(epoch);
        }
    }

    /** Access-ordered, so the eldest entry is the least recently seen sender. */
    private static final class Senders extends LinkedHashMap<EpochKey, Window> {
        private static final long serialVersionUID = 1L;
        private final int max;

        Senders(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<EpochKey, Window> eldest) {
            return size() > max;
        }
    }
}
