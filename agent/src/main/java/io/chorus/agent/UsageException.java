package io.chorus.agent;

/**
 * The command line is wrong: a flag is unknown, lacks its value or has a bad one. The message is
 * one line for the user, naming the flag, the value and what is allowed; the process exits 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
