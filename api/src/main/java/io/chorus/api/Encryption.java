package io.chorus.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether a node seals its traffic (encrypts and authenticates it, with keys derived from the
 * cluster secret) or only signs it, and which of the two it accepts. The four modes are the steps
 * of switching encryption on in a running cluster with no member lost, one node at a time:
 * {@link #OFF} on every node, then {@link #ACCEPT} on every node, then {@link #SEND} on every node,
 * then {@link #ON} on every node; and the same steps backwards to switch it off. At every step
 * each node accepts what every other node sends.
 *
 * <p>A mode other than {@code OFF} needs a secret and a signer that seals (the {@code aes-gcm}
 * signer of {@code chorus-security-aes}). Set the mode a node starts in with
 * {@link ClusterConfig.Builder#encryption}, and change it while it runs with
 * {@link Cluster#encryption(Encryption)}.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public enum Encryption {
    /** Sends signed; accepts signed only. Nothing is sealed: a signing cluster as it always was. */
    OFF(false, false),
    /** Sends signed; accepts signed and sealed: the first step on (and the last step off). */
    ACCEPT(false, true),
    /** Sends sealed; accepts sealed and signed: the second step on (and the first step off). */
    SEND(true, true),
    /** Sends sealed; accepts sealed only: encryption fully on. */
    ON(true, false);

    private final boolean sendsSealed;
    private final boolean mixed;

    Encryption(boolean sendsSealed, boolean mixed) {
        this.sendsSealed = sendsSealed;
        this.mixed = mixed;
    }

    /** @return whether a node in this mode seals what it sends (else it signs it) */
    public boolean sendsSealed() {
        return sendsSealed;
    }

    /** @return whether a node in this mode accepts sealed traffic */
    public boolean acceptsSealed() {
        return sendsSealed || mixed;
    }

    /** @return whether a node in this mode accepts signed traffic that is not sealed */
    public boolean acceptsSigned() {
        return !sendsSealed || mixed;
    }

    /** @return the mode's name in lowercase, as the agent's flags and HTTP take it: {@code off}, {@code accept}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a mode's name in any case: {@code off}, {@code accept}, {@code send} or {@code on}
     * @return the mode
     * @throws InvalidConfigException naming the text and the modes allowed
     */
    public static Encryption parse(String text) {
        Objects.requireNonNull(text, "text");
        for (Encryption e : values()) {
            if (e.name().equalsIgnoreCase(text.strip())) {
                return e;
            }
        }
        throw new InvalidConfigException("encryption", "'" + text + "'", "one of off, accept, send, on");
    }
}
