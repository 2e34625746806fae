package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus keygen} prints a new secret each time, one line that --secret-file reads as 44 bytes. */
class KeygenCommandTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void itPrintsAFreshSecretThatASecretFileTakes(@TempDir Path dir) throws IOException {
        String[] first = run("keygen");
        String[] second = run("keygen");
        assertEquals("0", first[0], first[2]);
        String line = first[1];
        assertTrue(line.matches("[A-Za-z0-9+/]{43}=\n"), line);
        assertEquals(32, Base64.getDecoder().decode(line.strip()).length);
        assertNotEquals(line, second[1], "a new secret each time");
        Path file = dir.resolve("secret");
        Files.writeString(file, line);
        assertEquals(44, Secret.fromFile(file).bytes().length, "the line break is not part of the secret");
    }

    @Test
    void anArgumentIsABadCommandLine() {
        String[] r = run("keygen", "--bytes", "16");
        assertEquals("2", r[0]);
        assertEquals("chorus keygen: unknown flag '--bytes': chorus keygen takes no flags but --help\n", r[2]);
    }
}
