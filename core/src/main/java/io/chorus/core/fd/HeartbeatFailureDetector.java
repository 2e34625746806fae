package io.chorus.core.fd;

import io.chorus.api.NodeId;
import io.chorus.api.spi.FailureDetector;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Suspects a member whose last sign of life is older than a fixed deadline. One mutable holder per
 * member, so a heartbeat from a known member allocates nothing. Single-threaded.
 */
final class HeartbeatFailureDetector implements FailureDetector {
    private final long deadlineNanos;
    private final Map<NodeId, LastSeen> lastSeen = new HashMap<>();

    /** @param deadlineNanos the longest silence tolerated: interval x max-missed */
    HeartbeatFailureDetector(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void heartbeat(NodeId member, long nowNanos) {
        LastSeen seen = lastSeen.get(member);
        if (seen == null) {
            lastSeen.put(Objects.requireNonNull(member, "member"), new LastSeen(nowNanos));
        } else if (nowNanos - seen.nanos > 0) {
            seen.nanos = nowNanos;
        }
    }

    @Override
    public boolean suspect(NodeId member, long nowNanos) {
        LastSeen seen = lastSeen.get(member);
        return seen == null || nowNanos - seen.nanos > deadlineNanos;
    }

    @Override
    public void remove(NodeId member) {
        lastSeen.remove(member);
    }

    /** @return the deadline in nanoseconds, for tests */
    long deadlineNanos() {
        return deadlineNanos;
    }

    private static final class LastSeen {
        long nanos;

        LastSeen(long nanos) {
            this.nanos = nanos;
        }
    }
}
