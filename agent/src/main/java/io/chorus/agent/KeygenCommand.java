package io.chorus.agent;

import java.security.SecureRandom;
import java.util.Base64;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code chorus keygen}: prints a fresh cluster secret, 32 bytes from {@link SecureRandom} in
 * base64 (44 characters), one line: what {@code --secret-file} and {@code chorus keys install}
 * read (the line break is not part of the secret). Redirect it to a file only its owner reads.
 */
final class KeygenCommand {
    static final String PREFIX = "chorus keygen: ";
    /** Random bytes in a secret: 256 bits, the AES key's size, whatever the derivation. */
    static final int BYTES = 32;

    private KeygenCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("keygen");
        spec.usageMessage().description("Prints a new cluster secret (32 random bytes, base64) on one line, for "
                + "--secret-file or keys install: (umask 077; chorus keygen > /etc/chorus/secret)");
        return spec;
    }

    static int run(ParseResult parsed, Cli cli) {
        cli.out.println(generate(new SecureRandom()));
        return 0;
    }

    /** @return a new secret: {@value #BYTES} random bytes in base64 */
    static String generate(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
