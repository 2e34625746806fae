package io.chorus.agent;

import io.chorus.agent.log.AgentLogging;
import io.chorus.api.Chorus;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterEvent;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.Member;
import io.chorus.api.NameConflictException;
import io.chorus.api.ProviderChoice;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ParseResult;

/**
 * {@code chorus agent}: one long-running node. It prints the provider it chose for each kind, then
 * one line per event on standard output, serves HTTP with {@code --http}, and leaves gracefully on
 * SIGTERM or Ctrl-C (the JVM's shutdown hook) or {@code chorus leave}, then exits 0.
 * Exit codes: 2 for a bad flag, config value or plugin, 1 when the node cannot start (a port in
 * use) or cannot join (the seeds tried and each discovery source's error are listed, or a live
 * member holds its name at another address), 0 after a graceful leave.
 */
final class AgentCommand {
    private AgentCommand() {
    }

    static int run(ParseResult parsed, Cli cli) {
        return run(AgentArgs.parse(parsed, cli.env, AgentArgs::hostname), cli);
    }

    static int run(AgentArgs args, Cli cli) {
        AgentLogging.setLevel(args.logLevel);
        AgentLogging.setFormat(args.logFormat);
        FlightRecording recording;
        try {
            recording = args.jfr.map(FlightRecording::start).orElse(null);
        } catch (ChorusException e) {
            cli.err.println(AgentArgs.PREFIX + e.getMessage());
            return Cli.USAGE;
        }
        if (recording != null) {
            cli.out.println("recording to " + recording.file());
        }
        try {
            return run(args, cli, recording);
        } finally {
            if (recording != null) {
                recording.close();
            }
        }
    }

    private static int run(AgentArgs args, Cli cli, FlightRecording recording) {
        Optional<Plugins.Loaded> plugins;
        Cluster node;
        try {
            plugins = args.pluginDir.flatMap(Plugins::load);
            Chorus.Builder builder = Chorus.builder(args.config);
            plugins.ifPresent(p -> builder.classLoader(p.loader()));
            node = builder.build();
        } catch (Plugins.PluginException | ChorusException e) {
            cli.err.println(AgentArgs.PREFIX + e.getMessage());
            return Cli.USAGE;
        }
        plugins.ifPresent(p -> p.modules().forEach((module, jar) -> cli.out.println("plugin " + module + " from " + jar)));
        for (ProviderChoice c : node.providers()) {
            cli.out.println("provider " + c);
        }
        node.subscribe(e -> cli.out.println(describe(e)));
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            node.start();
        } catch (ChorusException e) {
            cli.err.println(AgentArgs.PREFIX + e.getMessage());
            return Cli.FAILED;
        }
        cli.out.println("started " + node.localId());
        AgentState state = new AgentState(node, args, plugins.map(Plugins.Loaded::modules).orElse(Map.of()),
                stopped::countDown);
        AgentHttp http = null;
        if (args.http.isPresent()) {
            try {
                http = AgentHttp.start(node, args.http.get(), AgentHttp.maxPayload(args.config.options()), state);
            } catch (ChorusException e) {
                cli.err.println(AgentArgs.PREFIX + e.getMessage());
                node.close();
                return Cli.FAILED;
            }
            cli.out.println("http on " + new AgentArgs.HttpAddress(args.http.get().host(), http.port()));
        }
        AgentHttp server = http;
        Thread hook = new Thread(() -> {
            // decided first: once stopped is counted down, main returns and exits with a code of its own
            boolean signal = !Main.exiting();
            node.close();
            if (server != null) {
                server.close();
            }
            if (recording != null) {
                recording.close(); // written before the JVM exits: run() may not get to its own close
            }
            stopped.countDown();
            if (signal) {
                // a signal (SIGTERM, Ctrl-C) after a graceful leave is a clean stop: exit 0, not 128+signal,
                // so that a service manager sees success
                cli.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "chorus-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (args.joins()) {
            try {
                int replies = node.join();
                cli.out.println("joined through " + replies + (args.discovers() ? " seeds" : " of " + args.seeds.size()
                        + " seeds"));
            } catch (JoinTimeoutException | NameConflictException e) {
                cli.err.println(AgentArgs.PREFIX + e.getMessage());
                Runtime.getRuntime().removeShutdownHook(hook);
                node.close();
                if (server != null) {
                    server.close();
                }
                return Cli.FAILED;
            }
        }
        state.joined();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            server.close();
        }
        return 0;
    }

    static String describe(ClusterEvent e) {
        if (e instanceof ClusterEvent.MemberJoined j) {
            return "joined " + line(j.member());
        } else if (e instanceof ClusterEvent.MemberUpdated u) {
            return "updated " + line(u.current());
        } else if (e instanceof ClusterEvent.MemberSuspected s) {
            return "suspected " + line(s.member());
        } else if (e instanceof ClusterEvent.MemberFailed f) {
            return "failed " + line(f.member()) + " " + f.reason();
        } else if (e instanceof ClusterEvent.MemberLeft l) {
            return "left " + line(l.member());
        } else if (e instanceof ClusterEvent.MemberRecovered r) {
            return "recovered " + line(r.member());
        } else if (e instanceof ClusterEvent.RingChanged r) {
            return String.format(Locale.ROOT, "ring epoch %d: %d members, %.1f%% of keys moved", r.epoch(), r.members(),
                    100 * r.movedShare());
        } else if (e instanceof ClusterEvent.CoordinatorChanged c) {
            return "coordinator " + c.coordinator().id();
        } else if (e instanceof ClusterEvent.QuorumChanged q) {
            return (q.quorum() ? "quorum held: " : "quorum lost: ") + q.alive() + " of " + q.expected() + " ALIVE";
        } else if (e instanceof ClusterEvent.UserEvent u) {
            return "user " + u.topic() + " from " + u.sender() + " " + u.size() + " bytes";
        } else if (e instanceof ClusterEvent.NameConflict c) {
            return "name-conflict " + c.claimant() + " claimed this node's name; refused";
        } else {
            ClusterEvent.StatusChanged s = (ClusterEvent.StatusChanged) e;
            return "status " + s.current();
        }
    }

    private static String line(Member m) {
        return m.id() + " " + m.state() + " " + m.incarnation() + " " + m.tags();
    }
}
