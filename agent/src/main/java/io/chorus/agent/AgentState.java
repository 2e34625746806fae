package io.chorus.agent;

import io.chorus.api.Cluster;
import io.chorus.api.ClusterStatus;
import io.chorus.api.KeyInfo;
import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.api.ProviderChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the agent knows of itself beyond its node, for its HTTP endpoint: whether its join at start
 * is done (readiness), the bearer token that changes need, its plugins, and how to stop the
 * process once {@code chorus leave} has made the node leave.
 */
final class AgentState {
    private final Cluster node;
    private final Optional<String> token;
    private final Map<String, Path> plugins;
    private final Runnable stop;
    private volatile boolean joined;

    /**
     * @param node the agent's node
     * @param token the bearer token every change must carry; empty: changes from loopback only
     * @param plugins each plugin module and its jar
     * @param stop ends the process (exit 0) once the node has left
     */
    AgentState(Cluster node, Optional<String> token, Map<String, Path> plugins, Runnable stop) {
        this.node = Objects.requireNonNull(node, "node");
        this.token = Objects.requireNonNull(token, "token");
        this.plugins = Map.copyOf(plugins);
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    AgentState(Cluster node, AgentArgs args, Map<String, Path> plugins, Runnable stop) {
        this(node, args.httpToken, plugins, stop);
    }

    /** @return the state of an endpoint served for a node alone: joined, no token, no plugins, nothing to stop */
    static AgentState of(Cluster node) {
        AgentState s = new AgentState(node, Optional.empty(), Map.of(), () -> { });
        s.joined();
        return s;
    }

    /** The join at start is done (or the node started a cluster of its own): the agent is ready. */
    void joined() {
        joined = true;
    }

    /** @return the bearer token changes must carry, if one was set */
    Optional<String> token() {
        return token;
    }

    /** Ends the process after a leave. */
    void stop() {
        stop.run();
    }

    /**
     * @param quorum whether readiness also asks for quorum
     * @return empty when ready, else why not
     */
    Optional<String> notReady(boolean quorum) {
        ClusterStatus status = node.status();
        if (status != ClusterStatus.RUNNING) {
            return Optional.of("the node is " + status.name().toLowerCase(Locale.ROOT));
        }
        if (!joined) {
            return Optional.of("the node has not joined its cluster yet");
        }
        if (quorum && !node.hasQuorum()) {
            return Optional.of("the node is joined but without quorum");
        }
        return Optional.empty();
    }

    /** @return the providers chosen, one object each, for {@code /stats} and {@code /info} */
    List<Map<String, Object>> providers() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderChoice c : node.providers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", c.kind().label());
            o.put("id", c.id());
            o.put("class", c.type());
            o.put("origin", c.origin());
            o.put("why", c.explanation());
            out.add(o);
        }
        return out;
    }

    /** @return what {@code GET /info} and {@code chorus info} show */
    Map<String, Object> info() {
        Map<String, Object> o = new LinkedHashMap<>();
        Member self = node.localMember();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", node.localId().toString());
        n.put("status", node.status().name().toLowerCase(Locale.ROOT));
        n.put("ready", notReady(false).isEmpty());
        n.put("incarnation", self.incarnation());
        n.put("tags", new TreeMap<>(self.tags()));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MemberState s : MemberState.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), node.members().stream().filter(m -> m.state() == s).count());
        }
        n.put("members", counts);
        n.put("quorum", node.status() == ClusterStatus.RUNNING && node.hasQuorum());
        o.put("node", n);
        o.put("providers", providers());
        Map<String, Object> keyring = new LinkedHashMap<>();
        node.keyring().ifPresentOrElse(ring -> {
            keyring.put("signing", true);
            List<String> ids = new ArrayList<>();
            for (KeyInfo k : ring.keys()) {
                ids.add(k.id() + (k.primary() ? " (primary)" : ""));
            }
            keyring.put("keys", ids);
        }, () -> keyring.put("signing", false));
        o.put("keyring", keyring);
        List<String> p = new ArrayList<>();
        new TreeMap<>(plugins).forEach((module, jar) -> p.add(module + " (" + jar + ")"));
        o.put("plugins", p);
        o.put("http_changes", token.isPresent() ? "bearer token" : "loopback only");
        o.put("build", Build.json());
        return o;
    }
}
