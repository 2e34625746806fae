package io.chorus.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The provider a node uses for one SPI kind, and why it won: {@link Cluster#providers()} lists one
 * per kind in use (one per discovery provider), and the node logs them in one line when it starts.
 * Immutable; equal when every part is.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ProviderChoice {
    private final Kind kind;
    private final String id;
    private final String type;
    private final String origin;
    private final Reason reason;
    private final String explanation;

    private ProviderChoice(Kind kind, String id, String type, String origin, Reason reason, String explanation) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.id = requireText(id, "id");
        this.type = requireText(type, "type");
        this.origin = requireText(origin, "origin");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.explanation = requireText(explanation, "explanation");
    }

    /**
     * @param kind what the provider is used for
     * @param id the provider's id
     * @param type the provider's class, fully qualified
     * @param origin where the class comes from: {@code module x.y}, or {@code class path} and a location
     * @param reason why it won
     * @param explanation the reason in words, with the details that decided it: the config field,
     *     or the candidates and their priorities
     * @return the choice
     * @throws IllegalArgumentException if a text is blank
     */
    public static ProviderChoice of(Kind kind, String id, String type, String origin, Reason reason, String explanation) {
        return new ProviderChoice(kind, id, type, origin, reason, explanation);
    }

    /** @return what the provider is used for */
    public Kind kind() {
        return kind;
    }

    /** @return the provider's id */
    public String id() {
        return id;
    }

    /** @return the provider's class, fully qualified */
    public String type() {
        return type;
    }

    /** @return where the provider's class comes from: {@code module x.y}, or {@code class path} and a location */
    public String origin() {
        return origin;
    }

    /** @return why it won */
    public Reason reason() {
        return reason;
    }

    /** @return the reason in words: {@code named in the config (transport)}, {@code highest priority 20 among udp 20, tcp 10}, ... */
    public String explanation() {
        return explanation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderChoice c && c.kind == kind && c.id.equals(id) && c.type.equals(type)
                && c.origin.equals(origin) && c.reason == reason && c.explanation.equals(explanation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, id, type, origin, reason, explanation);
    }

    /** @return {@code transport udp (io.chorus.transport.udp.UdpTransportProvider, module io.chorus.transport.udp): highest priority 20 among udp 20, tcp 10} */
    @Override
    public String toString() {
        return kind.label() + " " + id + " (" + type + ", " + origin + "): " + explanation;
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("a provider choice's " + what + " is blank");
        }
        return value;
    }

    /** What a chosen provider is used for. */
    @Stability(Stability.Level.EXPERIMENTAL)
    public enum Kind {
        /** The engine ({@link io.chorus.api.spi.EngineProvider}). */
        ENGINE,
        /** The transport for packets, and for frames unless {@link #FRAMES} is listed too. */
        TRANSPORT,
        /** A second transport that carries the frames, as the first carries none. */
        FRAMES,
        /** A source of seeds; every one listed is used. */
        DISCOVERY,
        /** The failure detector. */
        FAILURE_DETECTOR,
        /** The ring's hash function. */
        HASH_FUNCTION,
        /** The ring strategy. */
        RING_STRATEGY,
        /** The message signer, present when a secret is set. */
        MESSAGE_SIGNER;

        /** @return the kind in words, as logged: {@code transport}, {@code failure detector}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** Why a provider won. */
    @Stability(Stability.Level.EXPERIMENTAL)
    public enum Reason {
        /** Its id is named in the config. */
        NAMED,
        /** It was the only one of its kind found (registered or discovered). */
        ONLY_ONE,
        /** It had the highest priority among the candidates, which the explanation lists. */
        HIGHEST_PRIORITY,
        /** A transport for frames: the next by priority after the packet transport, which carries none. */
        NEXT_BY_PRIORITY,
        /** A discovery provider, when the config names none: every one found is used. */
        EVERY_ONE_FOUND
    }
}
