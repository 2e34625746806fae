package io.chorus.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A shared cluster secret for message signing. Never printed: {@link #toString()} is redacted.
 * Read it from a file or an environment variable, never from a command-line value.
 */
@Stability(Stability.Level.STABLE)
public final class Secret {
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_LENGTH = 16;

    private final byte[] bytes;

    private Secret(byte[] bytes, String source) {
        if (bytes.length < MIN_LENGTH) {
            throw new InvalidConfigException("secret", source + " (" + bytes.length + " bytes)",
                    "a secret must be at least " + MIN_LENGTH + " bytes");
        }
        this.bytes = bytes.clone();
    }

    /**
     * @param bytes the secret; copied
     * @return the secret
     * @throws InvalidConfigException if shorter than {@value #MIN_LENGTH} bytes
     */
    public static Secret of(byte[] bytes) {
        return new Secret(Objects.requireNonNull(bytes, "bytes"), "<bytes>");
    }

    /**
     * Reads a secret file; one trailing line break is not part of the secret.
     *
     * @param file the file
     * @return the secret
     * @throws InvalidConfigException if the file cannot be read or is too short
     */
    public static Secret fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidConfigException("secretFile", file, "a readable file (" + e.getMessage() + ")");
        }
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && raw[end - 1] == '\r') {
            end--;
        }
        return new Secret(Arrays.copyOf(raw, end), file.toString());
    }

    /**
     * Reads a secret from an environment variable (its UTF-8 bytes).
     *
     * @param variable the variable's name
     * @return the secret
     * @throws InvalidConfigException if the variable is unset or too short
     */
    public static Secret fromEnv(String variable) {
        Objects.requireNonNull(variable, "variable");
        String value = System.getenv(variable);
        if (value == null) {
            throw new InvalidConfigException("secretEnv", variable, "the name of a set environment variable");
        }
        return new Secret(value.getBytes(StandardCharsets.UTF_8), "$" + variable);
    }

    /**
     * @param text the secret as text (UTF-8)
     * @return the secret
     */
    public static Secret ofText(String text) {
        return new Secret(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), "<text>");
    }

    /** @return a copy of the secret's bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    /** @return a redacted text that never contains the secret */
    @Override
    public String toString() {
        return "Secret[" + bytes.length + " bytes, redacted]";
    }
}
