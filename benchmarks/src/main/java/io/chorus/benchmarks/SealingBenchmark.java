package io.chorus.benchmarks;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSealer;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Verification;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One packet of {@code size} bytes on the wire, sealed by one node and opened by another, side by
 * side in one run with its two baselines: the {@code aes-gcm} signer's sealer (found by
 * ServiceLoader, as a node finds it: the JDK's AES-256-GCM with a cipher kept per thread, key and
 * direction, the header, the replay window and the copy of the opened plaintext into place; the
 * engine's 2-byte mark, the 20-byte header and the 16-byte tag included in {@code size}), a
 * straightforward use of the JDK's {@code AES/GCM/NoPadding} on the same plaintext (an {@code init}
 * with a fresh nonce for each message, the associated data, {@code doFinal} into the caller's
 * buffer; then the same to open), and HMAC signing with the {@code hmac} signer (sign + verify, its
 * 36-byte trailer included in {@code size}). Sampled, not averaged: on a shared machine the median
 * of the sampled calls is what one costs, where the mean takes in the time slices other processes
 * took meanwhile. Run: {@code java -jar benchmarks/target/benchmarks.jar Sealing -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SealingBenchmark {
    /** The engine's mark in front of a sealed packet, authenticated with it: {@code 'C' 'S'}. */
    private static final int MARK = 2;

    /** Bytes on the wire. */
    @Param({"1400", "64"})
    public int size;

    private MessageSealer sealer;
    private MessageSealer opener;
    private int plaintext;
    private byte[] packet;

    private Cipher jdkSeal;
    private Cipher jdkOpen;
    private SecretKeySpec jdkKey;
    private final byte[] nonce = new byte[12];
    private long counter;
    private byte[] jdkPlain;
    private byte[] jdkSealed;
    private byte[] jdkOpened;
    private final byte[] ad = new byte[MARK + 20];

    private MessageSigner hmacSender;
    private MessageSigner hmacReceiver;
    private byte[] signed;
    private int signedLength;

    /** Two sealers and two signers with one secret, a JDK cipher pair with one key, and a random packet. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        ClusterConfig config = ClusterConfig.builder("bench").secret(Secret.ofText("a benchmark secret of 32 bytes!!"))
                .build();
        MessageSignerProvider aes = Signers.provider("aes-gcm");
        sealer = aes.create(ProviderContext.of(config)).sealer().orElseThrow();
        opener = aes.create(ProviderContext.of(config)).sealer().orElseThrow();
        plaintext = size - MARK - sealer.headerLength() - sealer.tagLength();
        packet = new byte[size];
        new SplittableRandom(1).nextBytes(packet);
        packet[0] = 'C';
        packet[1] = 'S';
        sealAndOpen();

        jdkKey = new SecretKeySpec(new byte[32], "AES");
        jdkSeal = Cipher.getInstance("AES/GCM/NoPadding");
        jdkOpen = Cipher.getInstance("AES/GCM/NoPadding");
        jdkPlain = new byte[plaintext];
        new SplittableRandom(2).nextBytes(jdkPlain);
        jdkSealed = new byte[plaintext + 16];
        jdkOpened = new byte[plaintext];
        jdkSealAndOpen();

        MessageSignerProvider hmac = Signers.provider("hmac");
        hmacSender = hmac.create(ProviderContext.of(config));
        hmacReceiver = hmac.create(ProviderContext.of(config));
        signed = new byte[size];
        new SplittableRandom(3).nextBytes(signed);
        signedLength = size - hmacSender.trailerLength();
        hmacSignAndVerify();
    }

    /** @return the verdict: one packet sealed by one node and opened by another (in place, then sealed again next time) */
    @Benchmark
    public Verification sealAndOpen() {
        sealer.seal(packet, 0, MARK, plaintext);
        Verification v = opener.open(packet, 0, MARK, size - MARK);
        if (v != Verification.VALID) {
            throw new IllegalStateException("a freshly sealed packet did not open: " + v);
        }
        return v;
    }

    /** @return the packet, sealed (then sealed again over its ciphertext the next time: the cost is the same) */
    @Benchmark
    public byte[] seal() {
        sealer.seal(packet, 0, MARK, plaintext);
        return packet;
    }

    /**
     * The straightforward baseline: {@code AES/GCM/NoPadding} with a new {@code init} and a fresh nonce
     * per message, associated data of the same length, sealed into a buffer of the caller's and opened
     * into another, one cipher for each side.
     *
     * @return the opened length
     */
    @Benchmark
    public int jdkSealAndOpen() throws GeneralSecurityException {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
        }
        GCMParameterSpec spec = new GCMParameterSpec(128, nonce);
        jdkSeal.init(Cipher.ENCRYPT_MODE, jdkKey, spec);
        jdkSeal.updateAAD(ad);
        int sealedLength = jdkSeal.doFinal(jdkPlain, 0, jdkPlain.length, jdkSealed, 0);
        jdkOpen.init(Cipher.DECRYPT_MODE, jdkKey, spec);
        jdkOpen.updateAAD(ad);
        return jdkOpen.doFinal(jdkSealed, 0, sealedLength, jdkOpened, 0);
    }

    /** @return the verdict: HMAC signing, the cost sealing replaces (sign + verify of a packet of {@code size}) */
    @Benchmark
    public Verification hmacSignAndVerify() {
        return Signers.signAndVerify(hmacSender, hmacReceiver, signed, signedLength);
    }
}
