package io.chorus.security.aes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256-GCM key (NIST SP 800-38D, 96-bit nonces, 128-bit tags), sealing and opening in place
 * with no allocation per message.
 *
 * <p>The JDK's {@code AES/GCM/NoPadding} cipher needs a new {@code init} for every nonce, and in
 * JDK 17 an {@code init} and a {@code doFinal} together allocate about 2 KiB (a new GCM engine,
 * GHASH and counter state, a buffer for the associated data, copies of the tag). So GCM is put
 * together here from its two halves: the counter mode runs on the JDK's AES
 * ({@code AES/ECB/NoPadding}, one instance per thread initialized once per key, which the JIT backs
 * with the CPU's AES instructions) over a block of counters, and GHASH multiplies in
 * GF(2^128) with per-key tables: for each of the 16 byte positions of a block, the product of H
 * with every byte value there (64 KiB per key), so a block costs 16 table lookups and no shifts.
 * The result is byte for byte the JDK's GCM (the tests check it against {@code AES/GCM/NoPadding}
 * and the NIST vectors). The lookups depend on the data, as every table-driven GHASH does; the
 * tag is compared in constant time.
 *
 * <pre>
 * J0 = nonce || 00000001;  ciphertext = plaintext XOR AES(K, nonce || 00000002), AES(K, nonce || 00000003), ...
 * tag = AES(K, J0) XOR GHASH_H(associated data, 0-padded || ciphertext, 0-padded || bits(ad) u64 || bits(ciphertext) u64)
 * </pre>
 */
final class GcmKey {
    /** The nonce's length. */
    static final int NONCE = 12;
    /** The tag's length. */
    static final int TAG = 16;
    private static final int BLOCK = 16;
    /** Counter blocks encrypted per call into the JDK's AES. */
    private static final int CHUNK_BLOCKS = 256;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** For each byte position p and value x: {@code table[(p * 256 + x) * 2]} and {@code + 1}, the high and low halves of x at p times H. */
    private final long[] table = new long[16 * 256 * 2];
    private final ThreadLocal<Cipher> aes;

    /** @param key the AES-256 key, 32 bytes; copied */
    GcmKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key is 32 bytes, not " + key.length);
        }
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        this.aes = ThreadLocal.withInitial(() -> ecb(spec));
        byte[] h = new byte[BLOCK];
        try {
            aes.get().update(h, 0, BLOCK, h, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        fillTable((long) LONG.get(h, 0), (long) LONG.get(h, 8));
    }

    private static Cipher ecb(SecretKeySpec key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot run AES-256: " + e, e);
        }
    }

    /**
     * The products of H with every byte at every position. In GCM's bit order the first bit of a
     * block is the coefficient of x^0; multiplying by x shifts right, and a bit shifted out of x^127
     * comes back as x^128 = x^7 + x^2 + x + 1, the constant 0xE1 in the first byte.
     */
    private void fillTable(long hHi, long hLo) {
        long[] basis = new long[256];
        long hi = hHi;
        long lo = hLo;
        for (int i = 0; i < 128; i++) {
            basis[2 * i] = hi;
            basis[2 * i + 1] = lo;
            long carry = -(lo & 1);
            lo = (lo >>> 1) | (hi << 63);
            hi = (hi >>> 1) ^ (carry & 0xE100000000000000L);
        }
        for (int p = 0; p < 16; p++) {
            for (int x = 1; x < 256; x++) {
                int bit = 8 * p + 7 - Integer.numberOfTrailingZeros(x);
                int rest = (p * 256 + (x & (x - 1))) * 2;
                int at = (p * 256 + x) * 2;
                table[at] = table[rest] ^ basis[2 * bit];
                table[at + 1] = table[rest + 1] ^ basis[2 * bit + 1];
            }
        }
    }

    /**
     * Seals in place: {@code b[nonceOff, nonceOff + 12)} is the nonce, already written; encrypts
     * {@code b[off, off + len)} and writes the tag after it, authenticating {@code b[adOff, off)} too.
     */
    void seal(byte[] b, int nonceOff, int adOff, int off, int len) {
        Scratch s = SCRATCH.get();
        Cipher c = aes.get();
        long n0 = (long) LONG.get(b, nonceOff);
        int n1 = (int) INT.get(b, nonceOff + 8);
        ctr(s, c, n0, n1, b, off, len);
        tag(s, c, n0, n1, b, adOff, off, len);
        LONG.set(b, off + len, s.th);
        LONG.set(b, off + len + 8, s.tl);
    }

    /**
     * @return whether the tag after {@code b[off, off + len)} is right for that ciphertext, the
     *     associated data {@code b[adOff, off)} and the nonce at {@code nonceOff}; compared in constant time
     */
    boolean authentic(byte[] b, int nonceOff, int adOff, int off, int len) {
        Scratch s = SCRATCH.get();
        tag(s, aes.get(), (long) LONG.get(b, nonceOff), (int) INT.get(b, nonceOff + 8), b, adOff, off, len);
        long diff = (s.th ^ (long) LONG.get(b, off + len)) | (s.tl ^ (long) LONG.get(b, off + len + 8));
        return diff == 0;
    }

    /** Decrypts {@code b[off, off + len)} in place with the nonce at {@code nonceOff}: after {@link #authentic} only. */
    void decrypt(byte[] b, int nonceOff, int off, int len) {
        ctr(SCRATCH.get(), aes.get(), (long) LONG.get(b, nonceOff), (int) INT.get(b, nonceOff + 8), b, off, len);
    }

    /** XORs {@code b[off, off + len)} with the keystream of the nonce, from counter 2 on. */
    private static void ctr(Scratch s, Cipher c, long n0, int n1, byte[] b, int off, int len) {
        int counter = 2;
        for (int done = 0; done < len; ) {
            int blocks = Math.min(CHUNK_BLOCKS, (len - done + BLOCK - 1) / BLOCK);
            keystream(s, c, n0, n1, counter, blocks);
            counter += blocks;
            int n = Math.min(blocks * BLOCK, len - done);
            int at = off + done;
            byte[] ks = s.keystream;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                LONG.set(b, at + i, (long) LONG.get(b, at + i) ^ (long) LONG.get(ks, i));
            }
            for (; i < n; i++) {
                b[at + i] ^= ks[i];
            }
            done += n;
        }
    }

    /** Encrypts {@code blocks} counter blocks, from {@code counter} on, into the scratch's keystream. */
    private static void keystream(Scratch s, Cipher c, long n0, int n1, int counter, int blocks) {
        byte[] in = s.counters;
        for (int i = 0; i < blocks; i++) {
            int at = i * BLOCK;
            LONG.set(in, at, n0);
            INT.set(in, at + 8, n1);
            INT.set(in, at + 12, counter + i);
        }
        try {
            c.update(in, 0, blocks * BLOCK, s.keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Computes the tag of the ciphertext {@code b[off, off + len)} and associated data {@code b[adOff, off)} into {@code s.th, s.tl}. */
    private void tag(Scratch s, Cipher c, long n0, int n1, byte[] b, int adOff, int off, int len) {
        s.yh = 0;
        s.yl = 0;
        ghash(s, b, adOff, off - adOff);
        ghash(s, b, off, len);
        mul(s, s.yh ^ ((long) (off - adOff) << 3), s.yl ^ ((long) len << 3));
        keystream(s, c, n0, n1, 1, 1);
        s.th = s.yh ^ (long) LONG.get(s.keystream, 0);
        s.tl = s.yl ^ (long) LONG.get(s.keystream, 8);
    }

    /** Folds {@code b[off, off + len)}, its last block padded with zeros, into the hash in {@code s.yh, s.yl}. */
    private void ghash(Scratch s, byte[] b, int off, int len) {
        int full = off + (len & ~(BLOCK - 1));
        for (int i = off; i < full; i += BLOCK) {
            mul(s, s.yh ^ (long) LONG.get(b, i), s.yl ^ (long) LONG.get(b, i + 8));
        }
        int rest = off + len - full;
        if (rest > 0) {
            long hi = 0;
            long lo = 0;
            for (int k = 0; k < rest; k++) {
                long v = b[full + k] & 0xffL;
                if (k < 8) {
                    hi |= v << (56 - 8 * k);
                } else {
                    lo |= v << (120 - 8 * k);
                }
            }
            mul(s, s.yh ^ hi, s.yl ^ lo);
        }
    }

    /** {@code s.y = (hi, lo) * H}: one lookup per byte of the block, each already reduced. */
    private void mul(Scratch s, long hi, long lo) {
        final long[] t = table;
        long zh;
        long zl;
        int x;
        x = (int) (hi >>> 55) & 0x1FE;
        zh = t[x];
        zl = t[x + 1];
        x = ((int) (hi >>> 47) & 0x1FE) | 512;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (hi >>> 39) & 0x1FE) | 1024;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (hi >>> 31) & 0x1FE) | 1536;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (hi >>> 23) & 0x1FE) | 2048;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (hi >>> 15) & 0x1FE) | 2560;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (hi >>> 7) & 0x1FE) | 3072;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (hi << 1) & 0x1FE) | 3584;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 55) & 0x1FE) | 4096;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 47) & 0x1FE) | 4608;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 39) & 0x1FE) | 5120;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 31) & 0x1FE) | 5632;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 23) & 0x1FE) | 6144;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 15) & 0x1FE) | 6656;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo >>> 7) & 0x1FE) | 7168;
        zh ^= t[x];
        zl ^= t[x + 1];
        x = ((int) (lo << 1) & 0x1FE) | 7680;
        zh ^= t[x];
        zl ^= t[x + 1];
        s.yh = zh;
        s.yl = zl;
    }

    /** One thread's working memory: counter blocks, their encryption, the hash and the tag. */
    private static final class Scratch {
        final byte[] counters = new byte[CHUNK_BLOCKS * BLOCK];
        final byte[] keystream = new byte[CHUNK_BLOCKS * BLOCK];
        long yh;
        long yl;
        long th;
        long tl;
    }
}
