package io.chorus.core.sim;

import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterEvent;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.Profile;
import io.chorus.api.spi.ProviderContext;
import io.chorus.core.engine.EventSink;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A narrated tour of the engine in virtual time: N nodes join and converge, one is killed and
 * detected, another leaves gracefully. Every line says when it happened (virtual time since the
 * first start).
 */
public final class Demo {
    private static final long MS = SimNetwork.MS;

    private final SimNetwork net = new SimNetwork(7, 0, MS / 2);
    private final Consumer<String> out;

    private Demo(Consumer<String> out) {
        this.out = out;
    }

    /**
     * Runs the tour.
     *
     * @param nodes how many nodes, 3 to 1,000
     * @param out receives the narration, a line at a time
     * @return whether every step reached its goal
     */
    public static boolean run(int nodes, Consumer<String> out) {
        if (nodes < 3 || nodes > 1000) {
            throw new InvalidConfigException("nodes", nodes, "allowed 3 to 1000");
        }
        return new Demo(out).tour(nodes);
    }

    private boolean tour(int n) {
        SwimFailureDetectorProvider swim = new SwimFailureDetectorProvider();
        for (int i = 0; i < n; i++) {
            String name = "node" + (i + 1);
            String zone = "z" + (i % 3);
            EventSink sink = i == 0 ? narrator() : EventSink.NONE;
            net.add(a -> ClusterConfig.builder(name).profile(Profile.LAN).bind(a.host(), a.port()).tag("zone", zone)
                    .build(), c -> swim.create(ProviderContext.of(c)), sink, true);
        }
        say("starting %d nodes (LAN profile: probe every 500 ms, gossip every 200 ms to 3 members); node1 is the seed", n);
        for (SimNode node : net.nodes) {
            SimEvent start = new SimEvent(node, () -> {
                net.start(node);
                if (node.index > 0) {
                    node.engine.join(List.of(net.nodes.get(0).address), replies -> { });
                }
            });
            start.time = node.index * 20 * MS;
            net.queue.push(start);
        }
        boolean converged = net.run(30_000 * MS, () -> everyoneSees(n));
        say(converged ? "converged: every node sees all %d members ALIVE" : "NOT converged: fewer than %d members seen", n);
        table(net.nodes.get(0));

        SimNode victim = net.nodes.get(n - 1);
        long killedAt = net.now;
        say("killing %s abruptly (no goodbye)", victim.engine.self().name());
        net.kill(victim);
        boolean detected = net.run(net.now + 60_000 * MS, () -> allMark(victim, MemberState.DEAD));
        say(detected ? "every live node marks %s DEAD, %.1f s after the kill" : "%s is not DEAD everywhere after %.1f s",
                victim.engine.self().name(), (net.now - killedAt) / 1e9);

        SimNode leaver = net.nodes.get(n - 2);
        long leftAt = net.now;
        say("%s leaves gracefully", leaver.engine.self().name());
        boolean[] done = new boolean[1];
        leaver.engine.leave(() -> done[0] = true);
        boolean left = net.run(net.now + 30_000 * MS, () -> done[0] && allMark(leaver, MemberState.LEFT));
        say(left ? "every live node marks %s LEFT, %.1f s after it said goodbye" : "%s is not LEFT everywhere after %.1f s",
                leaver.engine.self().name(), (net.now - leftAt) / 1e9);
        net.run(net.now + 1_000 * MS, null);
        table(net.nodes.get(0));
        return converged && detected && left;
    }

    private boolean everyoneSees(int n) {
        for (SimNode node : net.nodes) {
            if (!node.started || node.engine.aliveMembers() != n) {
                return false;
            }
        }
        return true;
    }

    private boolean allMark(SimNode subject, MemberState state) {
        String name = subject.engine.self().name();
        for (SimNode node : net.nodes) {
            if (node != subject && !node.killed && node.engine.running() && node.engine.stateOf(name) != state) {
                return false;
            }
        }
        return true;
    }

    private EventSink narrator() {
        return new EventSink() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void emit(ClusterEvent e) {
                if (e instanceof ClusterEvent.MemberJoined j) {
                    say("  node1 sees %s join", j.member().name());
                } else if (e instanceof ClusterEvent.MemberSuspected s) {
                    say("  node1 suspects %s", s.member().name());
                } else if (e instanceof ClusterEvent.MemberFailed f) {
                    say("  node1 marks %s DEAD (%s)", f.member().name(), f.reason());
                } else if (e instanceof ClusterEvent.MemberLeft l) {
                    say("  node1 sees %s leave", l.member().name());
                } else if (e instanceof ClusterEvent.MemberRecovered r) {
                    say("  node1 sees %s refute its suspicion", r.member().name());
                }
            }
        };
    }

    private void table(SimNode node) {
        say("member table of %s:", node.engine.self().name());
        out.accept(String.format(Locale.ROOT, "         %-10s %-18s %-8s %-12s %s", "NAME", "ADDRESS", "STATE", "INCARNATION", "TAGS"));
        for (Member m : node.engine.snapshot().members()) {
            out.accept(String.format(Locale.ROOT, "         %-10s %-18s %-8s %-12d %s", m.name(), m.id().address(), m.state(),
                    m.incarnation(), m.tags()));
        }
    }

    private void say(String format, Object... args) {
        out.accept(String.format(Locale.ROOT, "[%6.2fs] ", net.now / 1e9) + String.format(Locale.ROOT, format, args));
    }
}
