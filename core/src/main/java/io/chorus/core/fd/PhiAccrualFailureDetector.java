package io.chorus.core.fd;

import io.chorus.api.NodeId;
import io.chorus.api.spi.FailureDetector;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Phi accrual over a sliding window of inter-arrival times per member. The intervals live in a
 * ring buffer of primitive longs allocated when the member is first seen, so later heartbeats
 * neither box nor allocate. Mean and standard deviation are computed exactly from the buffer when
 * a verdict is asked for (only after a failed probe round), so no rounding drifts over time.
 * Single-threaded.
 */
final class PhiAccrualFailureDetector implements FailureDetector {
    /** The logistic approximation of the standard normal CDF: Phi(y) ~ 1 / (1 + exp(-k(y))). */
    private static final double A = 1.5976;
    private static final double B = 0.070566;
    private static final double LN_10 = Math.log(10);

    private final double threshold;
    private final int window;
    private final double minStdDeviationNanos;
    private final Map<NodeId, History> histories = new HashMap<>();

    /**
     * @param threshold phi at which a member is suspected
     * @param window intervals kept per member, at least 2
     * @param minStdDeviationNanos the smallest standard deviation assumed
     */
    PhiAccrualFailureDetector(double threshold, int window, long minStdDeviationNanos) {
        this.threshold = threshold;
        this.window = window;
        this.minStdDeviationNanos = minStdDeviationNanos;
    }

    @Override
    public void heartbeat(NodeId member, long nowNanos) {
        History h = histories.get(member);
        if (h == null) {
            histories.put(Objects.requireNonNull(member, "member"), new History(window, nowNanos));
            return;
        }
        long interval = nowNanos - h.last;
        if (interval > 0) {
            // several signs of life at one instant (or a clock that went back) carry no interval
            h.add(interval);
            h.last = nowNanos;
        }
    }

    @Override
    public boolean suspect(NodeId member, long nowNanos) {
        return phi(member, nowNanos) >= threshold;
    }

    @Override
    public void remove(NodeId member) {
        histories.remove(member);
    }

    /**
     * @param member the member
     * @param nowNanos the engine clock
     * @return phi now; positive infinity for a member with fewer than two intervals recorded
     */
    double phi(NodeId member, long nowNanos) {
        History h = histories.get(member);
        if (h == null || h.count < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double mean = h.mean();
        double std = Math.max(Math.sqrt(h.variance(mean)), minStdDeviationNanos);
        return phi(nowNanos - h.last, mean, std);
    }

    /**
     * phi = -log10(1 - CDF(elapsed)) for a normal distribution, with the CDF approximated by the
     * logistic function 1 / (1 + exp(-k)), k = y (A + B y^2), y = (elapsed - mean) / std. Then
     * 1 - CDF = 1 / (1 + exp(k)) and phi = log10(1 + exp(k)), computed as a softplus that
     * neither overflows for large k nor loses precision for very negative k.
     */
    static double phi(double elapsedNanos, double mean, double std) {
        double y = (elapsedNanos - mean) / std;
        double k = y * (A + B * y * y);
        double softplus = Math.max(k, 0) + Math.log1p(Math.exp(-Math.abs(k)));
        return softplus / LN_10;
    }

    /** The last sign of life and a ring buffer of the latest intervals. */
    private static final class History {
        final long[] intervals;
        int count;
        int next;
        long last;

        History(int window, long last) {
            this.intervals = new long[window];
            this.last = last;
        }

        void add(long interval) {
            intervals[next] = interval;
            next = next + 1 == intervals.length ? 0 : next + 1;
            if (count < intervals.length) {
                count++;
            }
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += intervals[i];
            }
            return sum / count;
        }

        double variance(double mean) {
            double squares = 0;
            for (int i = 0; i < count; i++) {
                double d = intervals[i] - mean;
                squares += d * d;
            }
            return squares / count;
        }
    }
}
