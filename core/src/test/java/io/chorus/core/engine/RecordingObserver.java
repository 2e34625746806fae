package io.chorus.core.engine;

import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EngineObserver} that keeps every call in order. Parts report through an
 * {@link Observation} bound to an engine; in a unit test there is none, so the calls are recorded
 * without it.
 */
final class RecordingObserver implements EngineObserver {
    /** A call. */
    sealed interface Call permits StateChanged, SuspicionRaised, DeathDeclared, AliveUpdated {
    }

    /** {@link EngineObserver#stateChanged}. */
    record StateChanged(Peer subject, MemberState from, MemberState to) implements Call {
    }

    /** {@link EngineObserver#suspicionRaised}. */
    record SuspicionRaised(Peer subject) implements Call {
    }

    /** {@link EngineObserver#deathDeclared}. */
    record DeathDeclared(Peer subject, long suspectedSince) implements Call {
    }

    /** {@link EngineObserver#aliveUpdated}. */
    record AliveUpdated(Peer subject, long incarnation) implements Call {
    }

    private final List<Call> calls = new ArrayList<>();

    /** @return an observation that reports here (with no engine: the parts under test run without one) */
    Observation observation() {
        return new Observation(null, this);
    }

    @Override
    public void stateChanged(Engine observer, Peer subject, MemberState from, MemberState to) {
        calls.add(new StateChanged(subject, from, to));
    }

    @Override
    public void suspicionRaised(Engine observer, Peer subject) {
        calls.add(new SuspicionRaised(subject));
    }

    @Override
    public void deathDeclared(Engine observer, Peer subject, long suspectedSince) {
        calls.add(new DeathDeclared(subject, suspectedSince));
    }

    @Override
    public void aliveUpdated(Engine observer, Peer subject, long incarnation) {
        calls.add(new AliveUpdated(subject, incarnation));
    }

    /** @return the calls so far */
    List<Call> all() {
        return List.copyOf(calls);
    }

    /** @return the calls so far; then forgets them */
    List<Call> take() {
        List<Call> out = List.copyOf(calls);
        calls.clear();
        return out;
    }
}
