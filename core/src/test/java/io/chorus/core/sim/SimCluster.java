package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.fail;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.core.engine.Engine;
import io.chorus.core.engine.EngineObserver;
import io.chorus.core.engine.EventSink;
import io.chorus.core.engine.Snapshot;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import io.chorus.core.wire.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A cluster of real engines on a {@link SimNetwork} for scenario tests: LAN profile, one seed
 * (node 0), every membership event and every state change recorded with its virtual time.
 */
final class SimCluster {
    static final long MS = SimNetwork.MS;
    static final long SECOND = 1_000 * MS;
    /** How often conditions are checked while running, in virtual time. */
    private static final long STEP = 10 * MS;

    /** A change in one node's view. */
    record Transition(long at, String observer, Peer subject, MemberState from, MemberState to) {
    }

    /** An event with the virtual time it was emitted at. */
    record Timed(long at, ClusterEvent event) {
    }

    /** One node's life: its simulated node, its config and its events. */
    static final class Life {
        final SimNode node;
        final ClusterConfig config;
        final List<Timed> events;
        /** The join callback's argument, or null while it has not run. */
        Integer joinResult;
        long joinDoneAt = -1;
        int joinCallbacks;
        /** The view a reader saw when the join callback ran. */
        Snapshot joinView;

        Life(SimNode node, ClusterConfig config, List<Timed> events) {
            this.node = node;
            this.config = config;
            this.events = events;
        }

        String name() {
            return config.name();
        }

        Engine engine() {
            return node.engine;
        }

        boolean live() {
            return node.started && !node.killed && node.engine.running();
        }

        /** @return the events about {@code name} since a virtual time, in order */
        List<ClusterEvent> eventsAbout(String name, long since) {
            List<ClusterEvent> out = new ArrayList<>();
            for (Timed t : events) {
                if (t.at() >= since && subject(t.event()).equals(name)) {
                    out.add(t.event());
                }
            }
            return out;
        }
    }

    final SimNetwork net;
    final List<Life> lives = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();
    final List<Transition> deathsDeclared = new ArrayList<>();
    final List<Transition> suspicionsRaised = new ArrayList<>();
    private final FailureDetectorProvider detectors = new SwimFailureDetectorProvider();

    SimCluster(long seed, double loss, long latencyNs) {
        net = new SimNetwork(seed, loss, latencyNs);
        net.observer = new EngineObserver() {
            @Override
            public void stateChanged(Engine observer, Peer subject, MemberState from, MemberState to) {
                transitions.add(new Transition(net.now, observer.self().name(), subject, from, to));
            }

            @Override
            public void suspicionRaised(Engine observer, Peer subject) {
                suspicionsRaised.add(new Transition(net.now, observer.self().name(), subject, MemberState.ALIVE,
                        MemberState.SUSPECT));
            }

            @Override
            public void deathDeclared(Engine observer, Peer subject, long suspectedSince) {
                deathsDeclared.add(new Transition(net.now, observer.self().name(), subject, MemberState.SUSPECT,
                        MemberState.DEAD));
            }
        };
    }

    /** @return a lossless cluster with 1 ms of mean one-way latency */
    static SimCluster lan(long seed) {
        return new SimCluster(seed, 0, MS);
    }

    // ------------------------------------------------------------------ building

    /** Adds {@code n} nodes named n0, n1, ... on the LAN profile. */
    SimCluster nodes(int n) {
        for (int i = 0; i < n; i++) {
            add("n" + lives.size(), b -> b);
        }
        return this;
    }

    /**
     * Adds a node (not started) at the next simulated address.
     *
     * @param name its name
     * @param tweak changes to its LAN config
     * @return its life
     */
    Life add(String name, UnaryOperator<ClusterConfig.Builder> tweak) {
        ClusterConfig[] made = new ClusterConfig[1];
        List<Timed> sink = new ArrayList<>();
        EventSink events = recorder(sink);
        SimNode node = net.add(a -> {
            made[0] = tweak.apply(ClusterConfig.builder(name).profile(Profile.LAN).bind(a.host(), a.port())).build();
            return made[0];
        }, c -> detectors.create(ProviderContext.of(c)), events, Engine.Snapshots.PUBLISHED);
        Life life = new Life(node, made[0], sink);
        lives.add(life);
        return life;
    }

    /**
     * Restarts a node in place: a new engine with the same name and address, from an incarnation,
     * as a process restarted on the same host and port. The old life is killed.
     */
    Life replace(Life old, long initialIncarnation) {
        net.kill(old.node);
        SimNode node = new SimNode(old.node.index, old.node.address, net);
        List<Timed> sink = new ArrayList<>();
        node.engine = new Engine(old.config, node, detectors.create(ProviderContext.of(old.config)), null, net.interner,
                net.seed * 31 + lives.size(), initialIncarnation, net.observer, recorder(sink), Engine.Snapshots.PUBLISHED);
        net.nodes.set(node.index, node);
        net.byAddress.put(node.address, node);
        Life life = new Life(node, old.config, sink);
        lives.add(life);
        return life;
    }

    private EventSink recorder(List<Timed> sink) {
        return new EventSink() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void emit(ClusterEvent event) {
                sink.add(new Timed(net.now, event));
            }
        };
    }

    /** Starts every node not yet started, one every {@code spacingNs}, each joining through node 0. */
    SimCluster startAll(long spacingNs) {
        long at = net.now;
        for (Life life : lives) {
            if (!life.node.started) {
                startAt(life, at);
                at += spacingNs;
            }
        }
        return this;
    }

    /** Starts a node at a virtual time; every node but node 0 then joins through node 0. */
    void startAt(Life life, long at) {
        SimEvent start = new SimEvent(life.node, () -> {
            net.start(life.node);
            if (life != lives.get(0)) {
                life.engine().join(List.of(lives.get(0).node.address), replies -> {
                    life.joinView = life.engine().snapshot();
                    life.joinResult = replies;
                    life.joinDoneAt = net.now;
                    life.joinCallbacks++;
                });
            }
        });
        start.time(Math.max(at, net.now));
        net.queue.add(start);
    }

    // ------------------------------------------------------------------ running

    /** Runs {@code ns} of virtual time. */
    void run(long ns) {
        net.run(net.now + ns, null);
    }

    /**
     * Runs until {@code condition} holds, checked every 10 virtual ms, or fails after
     * {@code withinNs} with the views of every live node.
     *
     * @return the virtual time at which it held
     */
    long await(String what, long withinNs, BooleanSupplier condition) {
        long deadline = net.now + withinNs;
        while (!condition.getAsBoolean()) {
            if (net.now >= deadline) {
                fail(what + ": not within " + withinNs / MS + " virtual ms (now " + net.now / MS + " ms)\n" + views());
            }
            net.run(Math.min(deadline, net.now + STEP), null);
        }
        return net.now;
    }

    /** Runs {@code ns} of virtual time, running {@code check} every 10 virtual ms. */
    void runChecking(long ns, Runnable check) {
        long end = net.now + ns;
        while (net.now < end) {
            net.run(Math.min(end, net.now + STEP), null);
            check.run();
        }
    }

    /** Runs until every live node sees every live node ALIVE at its current address, or fails. */
    long awaitConverged(long withinNs) {
        return await("convergence", withinNs, this::converged);
    }

    // ------------------------------------------------------------------ reading views

    Life life(String name) {
        for (int i = lives.size() - 1; i >= 0; i--) {
            if (lives.get(i).name().equals(name)) {
                return lives.get(i);
            }
        }
        throw new IllegalArgumentException(name);
    }

    List<Life> live() {
        List<Life> out = new ArrayList<>();
        for (Life l : lives) {
            if (l.live()) {
                out.add(l);
            }
        }
        return out;
    }

    /** @return whether {@code observer} holds {@code subject} ALIVE at the subject's own address */
    static boolean seesAlive(Life observer, Life subject) {
        Member m = observer.engine().snapshot().byName(subject.name());
        return m != null && m.state() == MemberState.ALIVE && m.id().address().equals(subject.node.address);
    }

    /** @return whether every node not killed or stopped has started and sees every such node ALIVE */
    boolean converged() {
        for (Life l : lives) {
            if (!l.node.started && !l.node.killed) {
                return false;
            }
        }
        List<Life> live = live();
        for (Life o : live) {
            for (Life s : live) {
                if (!seesAlive(o, s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return whether every live node but {@code name} itself holds {@code name} in {@code state} */
    boolean allSee(String name, MemberState state) {
        for (Life o : live()) {
            if (!o.name().equals(name) && o.engine().stateOf(name) != state) {
                return false;
            }
        }
        return true;
    }

    /** @return the transitions matching a filter */
    List<Transition> transitions(Predicate<Transition> filter) {
        List<Transition> out = new ArrayList<>();
        for (Transition t : transitions) {
            if (filter.test(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return every live node's view: its incarnation and each member it does not hold ALIVE */
    String views() {
        StringBuilder sb = new StringBuilder();
        for (Life o : lives) {
            if (!o.node.started) {
                continue;
            }
            sb.append("  ").append(o.name()).append('@').append(o.node.address.host());
            if (!o.live()) {
                sb.append(o.node.killed ? " (killed)\n" : " (stopped)\n");
                continue;
            }
            Snapshot snap = o.engine().snapshot();
            sb.append(" inc ").append(o.engine().incarnation()).append(", health ").append(o.engine().healthScore())
                    .append(", ").append(snap.aliveCount()).append(" alive of ").append(snap.members().size()).append(':');
            int shown = 0;
            for (Member m : snap.members()) {
                Life current = life(m.name());
                boolean fine = m.state() == MemberState.ALIVE && current.live() && m.id().address().equals(current.node.address);
                if (!fine && shown++ < 12) {
                    sb.append(' ').append(m.name()).append('@').append(m.id().host()).append('=').append(m.state())
                            .append('/').append(m.incarnation());
                }
            }
            for (Life s : live()) {
                if (snap.byName(s.name()) == null && shown++ < 12) {
                    sb.append(' ').append(s.name()).append("=unknown");
                }
            }
            if (shown == 0) {
                sb.append(" every live member ALIVE");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String subject(ClusterEvent e) {
        if (e instanceof ClusterEvent.MemberJoined j) {
            return j.member().name();
        } else if (e instanceof ClusterEvent.MemberUpdated u) {
            return u.current().name();
        } else if (e instanceof ClusterEvent.MemberSuspected s) {
            return s.member().name();
        } else if (e instanceof ClusterEvent.MemberFailed f) {
            return f.member().name();
        } else if (e instanceof ClusterEvent.MemberLeft l) {
            return l.member().name();
        } else if (e instanceof ClusterEvent.MemberRecovered r) {
            return r.member().name();
        }
        return "";
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }

    /** @return an address where no simulated node listens */
    static Address nowhere() {
        return new Address("10.200.0.1", 7946);
    }
}
