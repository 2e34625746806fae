package io.chorus.core.engine;

import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;

/** The engine's {@link EngineObserver}, bound to the engine it observes, for the parts that report to it. */
final class Observation {
    private final Engine engine;
    private final EngineObserver observer;

    Observation(Engine engine, EngineObserver observer) {
        this.engine = engine;
        this.observer = observer;
    }

    void stateChanged(Peer subject, MemberState from, MemberState to) {
        observer.stateChanged(engine, subject, from, to);
    }

    void suspicionRaised(Peer subject) {
        observer.suspicionRaised(engine, subject);
    }

    void deathDeclared(Peer subject, long suspectedSince) {
        observer.deathDeclared(engine, subject, suspectedSince);
    }

    void aliveUpdated(Peer subject, long incarnation) {
        observer.aliveUpdated(engine, subject, incarnation);
    }
}
