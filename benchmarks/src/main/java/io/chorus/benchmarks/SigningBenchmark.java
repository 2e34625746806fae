package io.chorus.benchmarks;

import io.chorus.api.ClusterConfig;
import io.chorus.api.Options;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Verification;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The {@code hmac} signer (found by ServiceLoader, as a node finds it) on one packet of
 * {@code size} bytes on the wire, its 36-byte trailer included: 1400 is a full UDP packet, 64 a
 * probe or an ack (a probe round trip signs and verifies two of those). {@link #signAndVerify} is
 * what a packet costs end to end: one node signs, another verifies (the tag, then the replay
 * window). {@link #verify} checks the same packet again and again: after the first time the
 * replay window rejects it, after the same work (key lookup, HMAC, constant-time compare, window
 * lookup). Run: {@code java -jar benchmarks/target/benchmarks.jar Signing -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SigningBenchmark {
    /** Bytes on the wire, trailer included. */
    @Param({"1400", "64"})
    public int size;

    private MessageSigner sender;
    private MessageSigner receiver;
    private byte[] packet;
    private int length;
    private javax.crypto.Mac jdkMac;
    private final byte[] tag = new byte[32];

    /** Two signers with one secret, and a random packet. */
    @Setup
    public void setUp() {
        MessageSignerProvider hmac = Signers.provider("hmac");
        ClusterConfig config = ClusterConfig.builder("bench").secret(Secret.ofText("a benchmark secret of 32 bytes!!"))
                .options(Options.of(Map.of())).build();
        sender = hmac.create(ProviderContext.of(config));
        receiver = hmac.create(ProviderContext.of(config));
        length = size - sender.trailerLength();
        packet = new byte[size];
        new SplittableRandom(1).nextBytes(packet);
        sender.sign(packet, 0, length, packet, length);
        if (receiver.verify(packet, 0, length, packet, length) != Verification.VALID) {
            throw new IllegalStateException("a freshly signed packet did not verify");
        }
        try {
            jdkMac = javax.crypto.Mac.getInstance("HmacSHA256");
            jdkMac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the verdict: one packet signed by one node and verified by another */
    @Benchmark
    public Verification signAndVerify() {
        return Signers.signAndVerify(sender, receiver, packet, length);
    }

    /** @return the packet, signed */
    @Benchmark
    public byte[] sign() {
        sender.sign(packet, 0, length, packet, length);
        return packet;
    }

    /**
     * The baseline the signer's own HMAC replaced: {@code javax.crypto.Mac} (HmacSHA256, one
     * instance, initialized once) over the same bytes twice, as sign + verify would; it allocates
     * its result arrays on every call.
     *
     * @return the last tag's first byte
     */
    @Benchmark
    public byte jdkMacTwice() throws javax.crypto.ShortBufferException {
        jdkMac.update(packet, 0, length);
        jdkMac.doFinal(tag, 0);
        jdkMac.update(packet, 0, length);
        jdkMac.doFinal(tag, 0);
        return tag[0];
    }

    /** @return the verdict on a packet already seen */
    @Benchmark
    public Verification verify() {
        return receiver.verify(packet, 0, length, packet, length);
    }
}
