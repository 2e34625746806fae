package io.chorus.agent;

import io.chorus.agent.log.AgentLogging;
import io.chorus.api.Chorus;
import io.chorus.api.ChorusException;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterEvent;
import io.chorus.api.JoinTimeoutException;
import io.chorus.api.Member;
import io.chorus.api.NameConflictException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code chorus agent}: one long-running node. It prints one line per event on standard output,
 * serves HTTP with {@code --http}, and leaves gracefully on SIGTERM (the JVM's shutdown hook).
 * Exit codes: 2 for a bad flag or config value, 1 when the node cannot start (a port in use) or
 * cannot join (the seeds tried are listed, or a live member holds its name at another address), 0
 * after a graceful leave.
 */
final class AgentCommand {
    private AgentCommand() {
    }

    static int run(AgentArgs args, PrintStream out, PrintStream err) {
        AgentLogging.setLevel(args.logLevel);
        FlightRecording recording;
        try {
            recording = args.jfr.map(FlightRecording::start).orElse(null);
        } catch (ChorusException e) {
            err.println(AgentArgs.PREFIX + e.getMessage());
            return 2;
        }
        if (recording != null) {
            out.println("recording to " + recording.file());
        }
        try {
            return run(args, out, err, recording);
        } finally {
            if (recording != null) {
                recording.close();
            }
        }
    }

    private static int run(AgentArgs args, PrintStream out, PrintStream err, FlightRecording recording) {
        Cluster node;
        try {
            node = Chorus.create(args.config);
        } catch (ChorusException e) {
            err.println(AgentArgs.PREFIX + e.getMessage());
            return 2;
        }
        node.subscribe(e -> out.println(describe(e)));
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            node.start();
        } catch (ChorusException e) {
            err.println(AgentArgs.PREFIX + e.getMessage());
            return 1;
        }
        out.println("started " + node.localId());
        AgentHttp http = null;
        if (args.http.isPresent()) {
            try {
                http = AgentHttp.start(node, args.http.get(), AgentHttp.maxPayload(args.config.options()));
            } catch (ChorusException e) {
                err.println(AgentArgs.PREFIX + e.getMessage());
                node.close();
                return 1;
            }
            out.println("http on " + new AgentArgs.HttpAddress(args.http.get().host(), http.port()));
        }
        AgentHttp server = http;
        Thread hook = new Thread(() -> {
            node.close();
            if (server != null) {
                server.close();
            }
            if (recording != null) {
                recording.close(); // written before the JVM exits: run() may not get to its own close
            }
            stopped.countDown();
        }, "chorus-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!args.seeds.isEmpty() || args.seedDns.isPresent()) {
            try {
                int replies = args.seedDns.isPresent() ? node.join() : node.join(args.seeds);
                out.println("joined through " + replies + (args.seedDns.isPresent() ? " seeds" : " of " + args.seeds.size()
                        + " seeds"));
            } catch (JoinTimeoutException | NameConflictException e) {
                err.println(AgentArgs.PREFIX + e.getMessage());
                Runtime.getRuntime().removeShutdownHook(hook);
                node.close();
                if (server != null) {
                    server.close();
                }
                return 1;
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
