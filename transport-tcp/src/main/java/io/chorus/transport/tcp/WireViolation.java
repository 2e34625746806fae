package io.chorus.transport.tcp;

/** A peer broke the framing: the connection cannot be trusted any further and is closed. */
final class WireViolation extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    WireViolation(String message) {
        super(message, null, false, false);
    }
}
