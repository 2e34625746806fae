package io.chorus.security.aes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HKDF-SHA256 against the test vectors of RFC 5869 (appendix A). */
class HkdfTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void rfc5869TestCase1() {
        assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Hkdf.derive(hex("000102030405060708090a0b0c"), hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                        hex("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    @Test
    void rfc5869TestCase3NoSaltNoInfo() {
        assertArrayEquals(hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
                Hkdf.derive(new byte[0], hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0], 42));
    }

    @Test
    void theLengthIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(new byte[0], new byte[16], new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(new byte[0], new byte[16], new byte[0], 255 * 32 + 1));
    }
}
