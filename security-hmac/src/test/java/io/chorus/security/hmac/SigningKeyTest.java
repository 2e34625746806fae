package io.chorus.security.hmac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.Verification;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The HMAC against RFC 4231 and the JDK's Mac; the key derivation; no allocation per message. */
class SigningKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] mac(SigningKey key, byte[] data) {
        byte[] out = new byte[32];
        key.mac(data, 0, data.length, data, 0, 0, out);
        return out;
    }

    @Test
    void rfc4231TestCases() {
        // test case 1
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HEX.formatHex(mac(SigningKey.raw(filled(20, 0x0b)), "Hi There".getBytes(StandardCharsets.US_ASCII))));
        // test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HEX.formatHex(mac(SigningKey.raw("Jefe".getBytes(StandardCharsets.US_ASCII)),
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
        // test case 3
        assertEquals("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                HEX.formatHex(mac(SigningKey.raw(filled(20, 0xaa)), filled(50, 0xdd))));
    }

    @Test
    void agreesWithTheJdkMacOnRandomInputsSplitAnywhere() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 500; n++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            byte[] data = new byte[random.nextInt(2000)];
            random.nextBytes(data);
            int split = data.length == 0 ? 0 : random.nextInt(data.length);
            Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = new byte[32];
            SigningKey.raw(key).mac(data, 0, split, data, split, data.length - split, out);
            assertArrayEquals(jdk.doFinal(data), out);
        }
    }

    @Test
    void theKeyIsHkdfSha256OfTheSecretWithTheLabelInTheInfo() throws Exception {
        byte[] secret = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, null, "chorus/hmac-sha256/v1/blue".getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, 32);
        byte[] data = "a message".getBytes(StandardCharsets.US_ASCII);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        assertArrayEquals(jdk.doFinal(data), mac(SigningKey.derive(secret, "blue"), data));
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] id = jdk.doFinal("chorus key id".getBytes(StandardCharsets.US_ASCII));
        assertEquals(HEX.formatHex(id, 0, 4), SigningKey.derive(secret, "blue").hexId());
    }

    @Test
    void signingAndVerifyingAllocateNothing() throws Throwable {
        MethodHandle allocated = allocatedBytes();
        Assumptions.assumeTrue(allocated != null, "this JVM does not count allocated bytes per thread");
        Fixture f = new Fixture();
        HmacSigner a = f.signer(Fixture.SECRET);
        HmacSigner b = f.signer(Fixture.SECRET);
        byte[] p = Fixture.packet(new SplittableRandom(1), 1364);
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            Fixture.sign(a, p);
            Fixture.verify(b, p);
        }
        long before = (long) allocated.invokeExact(tid);
        int valid = 0;
        for (int i = 0; i < 10_000; i++) {
            Fixture.sign(a, p);
            valid += Fixture.verify(b, p) == Verification.VALID ? 1 : 0;
        }
        long after = (long) allocated.invokeExact(tid);
        assertEquals(10_000, valid);
        // the bean itself may allocate a little; per message this is under one byte
        assertTrue(after - before < 4096, "10,000 sign + verify allocated " + (after - before) + " bytes");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}, reached reflectively. */
    private static MethodHandle allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> api = Class.forName("com.sun.management.ThreadMXBean");
            if (!api.isInstance(bean) || !(boolean) api.getMethod("isThreadAllocatedMemorySupported").invoke(bean)) {
                return null;
            }
            api.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(bean, true);
            return MethodHandles.publicLookup()
                    .findVirtual(api, "getThreadAllocatedBytes", MethodType.methodType(long.class, long.class))
                    .bindTo(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
