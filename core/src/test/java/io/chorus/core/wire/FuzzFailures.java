package io.chorus.core.wire;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The first few inputs a fuzz run decoded wrongly, each with its bytes in hex, for the failure message. */
final class FuzzFailures {
    private static final int KEEP = 5;
    private final List<String> failures = new ArrayList<>();

    /** @param what the input's origin @param b buffer @param off start @param len length @param problem what went wrong */
    void add(String what, byte[] b, int off, int len, String problem) {
        if (failures.size() < KEEP) {
            String hex = HexFormat.of().formatHex(b, off, off + Math.min(len, 200));
            failures.add(what + " (" + len + " bytes: " + hex + (len > 200 ? "..." : "") + "): " + problem);
        } else if (failures.size() == KEEP) {
            failures.add("...");
        }
    }

    boolean isEmpty() {
        return failures.isEmpty();
    }

    /** @param decoded how many inputs were decoded in all */
    void assertNone(long decoded) {
        if (!failures.isEmpty()) {
            fail(failures.size() + (failures.size() > KEEP ? "+" : "") + " bad decodes of " + decoded + ":\n"
                    + String.join("\n", failures));
        }
    }

    @Override
    public String toString() {
        return failures.toString();
    }
}
