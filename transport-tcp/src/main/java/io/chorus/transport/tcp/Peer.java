package io.chorus.transport.tcp;

import io.chorus.api.Address;
import io.chorus.api.FailureReason;

/**
 * A destination: its pooled outbound connection, if any, and its backoff after failures.
 * Owned by the I/O thread.
 */
final class Peer {
    final Address address;
    /** The pooled connection, or {@code null} when none is open or being dialed. */
    Connection connection;
    /** Failures in a row; zero once a connection succeeds. */
    int failures;
    /** When the backoff ends ({@link System#nanoTime()}); meaningful when {@link #failures} is positive. */
    long backoffUntil;
    /** Why the last attempt failed; reported again for sends during the backoff. */
    FailureReason reason = FailureReason.CONNECTION_CLOSED;

    Peer(Address address) {
        this.address = address;
    }

    boolean inBackoff(long now) {
        return failures > 0 && now - backoffUntil < 0;
    }
}
