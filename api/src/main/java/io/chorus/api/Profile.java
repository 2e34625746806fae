package io.chorus.api;

import java.time.Duration;

/**
 * Timing presets. {@link ClusterConfig.Builder#profile(Profile)} sets the protocol timing fields in
 * the table below from probeInterval to leaveTimeout; a field set on the builder after the profile
 * overrides it. The last three rows are the builder's defaults, the same for every profile, and a
 * profile leaves them as they are.
 *
 * <table>
 *   <caption>Preset values</caption>
 *   <tr><th>field</th><th>LAN</th><th>WAN</th><th>LOCAL</th></tr>
 *   <tr><td>probeInterval</td><td>500ms</td><td>3s</td><td>200ms</td></tr>
 *   <tr><td>probeTimeout</td><td>200ms</td><td>2s</td><td>100ms</td></tr>
 *   <tr><td>indirectChecks</td><td>3</td><td>4</td><td>3</td></tr>
 *   <tr><td>suspicionMultiplier</td><td>4</td><td>6</td><td>3</td></tr>
 *   <tr><td>suspicionMaxMultiplier</td><td>6</td><td>6</td><td>6</td></tr>
 *   <tr><td>gossipInterval</td><td>200ms</td><td>500ms</td><td>100ms</td></tr>
 *   <tr><td>gossipFanout</td><td>3</td><td>4</td><td>3</td></tr>
 *   <tr><td>retransmitMultiplier</td><td>4</td><td>4</td><td>3</td></tr>
 *   <tr><td>pushPullInterval</td><td>30s</td><td>60s</td><td>15s</td></tr>
 *   <tr><td>joinTimeout</td><td>10s</td><td>60s</td><td>5s</td></tr>
 *   <tr><td>leaveTimeout</td><td>3s</td><td>10s</td><td>1s</td></tr>
 *   <tr><td>reconnectInterval / reconnectMaxInterval</td><td>1s / 30s</td><td>1s / 30s</td><td>1s / 30s</td></tr>
 *   <tr><td>deadRetention</td><td>24h</td><td>24h</td><td>24h</td></tr>
 *   <tr><td>awarenessMaxMultiplier</td><td>8</td><td>8</td><td>8</td></tr>
 * </table>
 */
@Stability(Stability.Level.STABLE)
public enum Profile {
    /** A data-center network: sub-millisecond round trips, rare loss. The default. */
    LAN(500, 200, 3, 4, 6, 200, 3, 4, 30_000, 10_000, 3_000),
    /** Nodes across regions: round trips of tens to hundreds of milliseconds. */
    WAN(3_000, 2_000, 4, 6, 6, 500, 4, 4, 60_000, 60_000, 10_000),
    /** One machine (loopback): tests, demos, development. */
    LOCAL(200, 100, 3, 3, 6, 100, 3, 3, 15_000, 5_000, 1_000);

    final Duration probeInterval;
    final Duration probeTimeout;
    final int indirectChecks;
    final int suspicionMultiplier;
    final int suspicionMaxMultiplier;
    final Duration gossipInterval;
    final int gossipFanout;
    final int retransmitMultiplier;
    final Duration pushPullInterval;
    final Duration joinTimeout;
    final Duration leaveTimeout;

    Profile(long probeIntervalMs, long probeTimeoutMs, int indirectChecks, int suspicionMultiplier,
            int suspicionMaxMultiplier, long gossipIntervalMs, int gossipFanout, int retransmitMultiplier,
            long pushPullMs, long joinTimeoutMs, long leaveTimeoutMs) {
        this.probeInterval = Duration.ofMillis(probeIntervalMs);
        this.probeTimeout = Duration.ofMillis(probeTimeoutMs);
        this.indirectChecks = indirectChecks;
        this.suspicionMultiplier = suspicionMultiplier;
        this.suspicionMaxMultiplier = suspicionMaxMultiplier;
        this.gossipInterval = Duration.ofMillis(gossipIntervalMs);
        this.gossipFanout = gossipFanout;
        this.retransmitMultiplier = retransmitMultiplier;
        this.pushPullInterval = Duration.ofMillis(pushPullMs);
        this.joinTimeout = Duration.ofMillis(joinTimeoutMs);
        this.leaveTimeout = Duration.ofMillis(leaveTimeoutMs);
    }

    /**
     * @param text {@code lan}, {@code wan} or {@code local}, any case
     * @return the profile
     * @throws InvalidConfigException naming the allowed values
     */
    public static Profile parse(String text) {
        for (Profile p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new InvalidConfigException("profile", text, "one of lan, wan, local");
    }
}
