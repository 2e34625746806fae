package io.chorus.core.engine;

import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;

/** Internal hooks for the simulator's measurements; called on the protocol loop. */
public interface EngineObserver {
    /** Observes nothing. */
    EngineObserver NONE = new EngineObserver() {
    };

    /**
     * A member's state changed in {@code observer}'s view (new members come from {@code null}).
     *
     * @param observer the node whose view changed
     * @param subject the member
     * @param from the state before, null when new
     * @param to the state now, null when forgotten
     */
    default void stateChanged(Engine observer, Peer subject, MemberState from, MemberState to) {
    }

    /** @param observer the node that suspected @param subject the member it suspected after a failed probe */
    default void suspicionRaised(Engine observer, Peer subject) {
    }

    /**
     * @param observer the node whose suspicion ran out
     * @param subject the member it declared dead
     * @param suspectedSince when the suspicion started (loop clock)
     */
    default void deathDeclared(Engine observer, Peer subject, long suspectedSince) {
    }

    /**
     * An ALIVE member's newer incarnation (a tag change, a refutation) reached {@code observer},
     * which already saw it ALIVE.
     *
     * @param observer the node whose view changed
     * @param subject the member
     * @param incarnation the incarnation now held
     */
    default void aliveUpdated(Engine observer, Peer subject, long incarnation) {
    }
}
