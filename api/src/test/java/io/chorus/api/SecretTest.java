package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Secret}: at least 16 bytes, read from a file without its line break, never printed. */
class SecretTest {

    private static final String SIXTEEN = "0123456789abcdef";

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("secret"), content);
    }

    @Test
    void needsAtLeastSixteenBytes() {
        assertEquals(16, Secret.MIN_LENGTH);
        assertArrayEquals(utf8(SIXTEEN), Secret.of(utf8(SIXTEEN)).bytes());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Secret.of(new byte[15]));
        assertEquals("secret", e.field());
        assertEquals("<bytes> (15 bytes)", e.value());
        assertEquals("a secret must be at least 16 bytes", e.allowed());
        assertEquals("invalid config: secret = <bytes> (15 bytes): a secret must be at least 16 bytes", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> Secret.of(new byte[0]));
    }

    @Test
    void ofTextCountsUtf8BytesAndNeverQuotesTheText() {
        assertEquals(16, Secret.ofText("é".repeat(8)).bytes().length);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Secret.ofText("hunter2-hunter2"));
        assertEquals("<text> (15 bytes)", e.value());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void fromFileStripsOneTrailingLineBreak() throws IOException {
        assertArrayEquals(utf8(SIXTEEN), Secret.fromFile(file(utf8(SIXTEEN))).bytes());
        assertArrayEquals(utf8(SIXTEEN), Secret.fromFile(file(utf8(SIXTEEN + "\n"))).bytes());
        assertArrayEquals(utf8(SIXTEEN), Secret.fromFile(file(utf8(SIXTEEN + "\r\n"))).bytes());
        assertArrayEquals(utf8(SIXTEEN + "\n"), Secret.fromFile(file(utf8(SIXTEEN + "\n\n"))).bytes());
        assertArrayEquals(utf8("\n" + SIXTEEN), Secret.fromFile(file(utf8("\n" + SIXTEEN + "\n"))).bytes());
        assertArrayEquals(utf8(SIXTEEN + " "), Secret.fromFile(file(utf8(SIXTEEN + " \n"))).bytes());
    }

    @Test
    void fromFileKeepsBinaryContent() throws IOException {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 37);
        }
        raw[31] = 0;
        assertArrayEquals(raw, Secret.fromFile(file(raw)).bytes());
    }

    @Test
    void fromFileCountsWithoutTheLineBreak() throws IOException {
        Path path = file(utf8("0123456789abcde\n"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Secret.fromFile(path));
        assertEquals("secret", e.field());
        assertEquals(path + " (15 bytes)", e.value());
        assertFalse(e.getMessage().contains("0123456789abcde"), e.getMessage());
    }

    @Test
    void anUnreadableFileNamesThePath() {
        Path missing = dir.resolve("missing");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Secret.fromFile(missing));
        assertEquals("secretFile", e.field());
        assertEquals(missing.toString(), e.value());
        assertTrue(e.allowed().startsWith("a readable file ("), e.allowed());
    }

    @Test
    void toStringNeverContainsTheSecret() throws IOException {
        String text = "correct horse battery staple";
        for (Secret secret : new Secret[] {Secret.ofText(text), Secret.of(utf8(text)),
            Secret.fromFile(file(utf8(text + "\n")))}) {
            assertEquals("Secret[28 bytes, redacted]", secret.toString());
            assertFalse(secret.toString().contains("horse"));
        }
        String config = ClusterConfig.builder("a").secret(Secret.ofText(text)).build().toString();
        assertFalse(config.contains("horse"), config);
    }

    @Test
    void bytesReturnsACopy() {
        Secret secret = Secret.ofText(SIXTEEN);
        byte[] first = secret.bytes();
        first[0] = 'X';
        assertArrayEquals(utf8(SIXTEEN), secret.bytes());
    }

    @Test
    void ofCopiesItsInput() {
        byte[] input = utf8(SIXTEEN);
        Secret secret = Secret.of(input);
        input[0] = 'X';
        assertArrayEquals(utf8(SIXTEEN), secret.bytes());
    }

    @Test
    void equalsComparesTheBytes() {
        assertEquals(Secret.ofText(SIXTEEN), Secret.of(utf8(SIXTEEN)));
        assertEquals(Secret.ofText(SIXTEEN).hashCode(), Secret.of(utf8(SIXTEEN)).hashCode());
        assertNotEquals(Secret.ofText(SIXTEEN), Secret.ofText("0123456789abcdeF"));
        assertNotEquals(Secret.ofText(SIXTEEN), Secret.ofText(SIXTEEN + "0"));
    }

    @Test
    void nullIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> Secret.of(null));
        assertThrows(NullPointerException.class, () -> Secret.ofText(null));
        assertThrows(NullPointerException.class, () -> Secret.fromFile(null));
    }

    @Test
    void readsAnEnvironmentVariableAndNamesAnUnsetOne() {
        String name = "CHORUS_TEST_SURELY_UNSET_" + Long.toHexString(System.nanoTime());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Secret.fromEnv(name));
        assertEquals("secretEnv", e.field());
        assertEquals(name, e.value());
        assertEquals("the name of a set environment variable", e.allowed());
        String path = System.getenv("PATH");
        if (path != null && utf8(path).length >= Secret.MIN_LENGTH) {
            Secret s = Secret.fromEnv("PATH");
            assertEquals(Secret.ofText(path), s);
            assertFalse(s.toString().contains(path), "never printed");
        }
    }
}
