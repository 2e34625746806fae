package io.chorus.agent;

import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.MemberState;
import io.chorus.api.NodeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The operator commands that talk to a running agent over its HTTP endpoint: {@code members},
 * {@code join}, {@code leave}, {@code force-leave}, {@code tags}, {@code event}, {@code monitor} and
 * {@code info}. Each takes {@code --http HOST:PORT} (or {@code CHORUS_HTTP}, the variable the agent
 * reads for its own address) and {@code --http-token-file FILE} (or {@code CHORUS_HTTP_TOKEN_FILE})
 * for an agent that asks for a bearer token. An agent that does not answer, or refuses, is exit 1
 * with its reason on standard error.
 */
final class Operator {
    /** The variable that names the agent's HTTP address, for the agent and its clients alike. */
    static final String HTTP_ENV = AgentSettings.env("http");
    /** The variable that names the bearer token's file, for the agent and its clients alike. */
    static final String TOKEN_ENV = AgentSettings.env("http-token-file");
    private static final String HTTP_ALLOWED = "HOST:PORT, the --http address of a running agent, as 127.0.0.1:8500";

    private Operator() {
    }

    /** A running agent to talk to: its address and the token to show it, for one command. */
    record Target(String prefix, String http, Optional<String> token) {
        /** @return the answer's body; see {@link AgentClient#call} */
        String call(String method, String path, byte[] body) throws IOException {
            return AgentClient.call(method, http, path, body, token);
        }
    }

    /** @return a command that talks to an agent: {@code --http} and {@code --http-token-file} declared */
    static CommandSpec spec(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.addOption(Cli.flag("http", "HOST:PORT", HTTP_ALLOWED, "the --http address of a running agent [" + HTTP_ENV
                + "]"));
        spec.addOption(Cli.flag("http-token-file", "FILE", "a file holding the agent's bearer token", "a file holding the "
                + "bearer token the agent was started with, for commands that change something [" + TOKEN_ENV + "]"));
        spec.usageMessage().description(description);
        return spec;
    }

    /** @return the agent the command names, its address and token checked */
    static Target target(ParseResult parsed, Cli cli, String prefix) {
        Optional<String> flag = Cli.single(parsed, prefix, "--http", HTTP_ALLOWED);
        String http = flag.or(() -> cli.env(HTTP_ENV)).orElseThrow(() -> new UsageException(prefix + "missing --http "
                + "HOST:PORT (or " + HTTP_ENV + "): the --http address of a running agent"));
        String where = flag.isPresent() ? "--http" : "environment variable " + HTTP_ENV;
        AgentClient.address(prefix, http, where);
        Optional<String> tokenFlag = Cli.single(parsed, prefix, "--http-token-file", "FILE");
        Optional<String> tokenFile = tokenFlag.or(() -> cli.env(TOKEN_ENV));
        String tokenWhere = tokenFlag.isPresent() ? "--http-token-file" : "environment variable " + TOKEN_ENV;
        return new Target(prefix, http, tokenFile.map(f -> AgentArgs.token(f, tokenWhere, prefix)));
    }

    /** What one command does once it has its agent; an I/O error is the agent's failure, exit 1. */
    @FunctionalInterface
    private interface Call {
        int run(Target t) throws IOException;
    }

    /** Runs a call against the agent, turning a failure to reach it or its refusal into exit 1 and one line. */
    private static int call(Target t, Cli cli, Call call) {
        try {
            return call.run(t);
        } catch (ConnectException e) {
            cli.err.println(t.prefix() + "no agent answers at " + t.http() + " (" + e.getMessage() + "); is one running "
                    + "with --http " + t.http() + "?");
        } catch (IOException | IllegalArgumentException e) {
            cli.err.println(t.prefix() + e.getMessage());
        } catch (JacksonException e) {
            cli.err.println(t.prefix() + "the agent at " + t.http() + " answered something other than JSON: "
                    + e.getOriginalMessage());
        }
        return Cli.FAILED;
    }

    // ------------------------------------------------------------------ members

    static CommandSpec membersSpec() {
        CommandSpec spec = spec("members", "Prints the member table of a running agent (name, address, state, "
                + "incarnation, tags, age), sorted by name.");
        spec.addOption(Cli.flag("status", "STATE", "one of alive, suspect, dead, left", "only members in this state (alive, "
                + "suspect, dead or left); repeat for several"));
        spec.addOption(Cli.flag("tag", "KEY=VALUE", "KEY=VALUE", "only members with this tag; repeat: all of them"));
        return withJson(spec, "print the members as the agent's JSON array instead of a table");
    }

    static int members(ParseResult parsed, Cli cli) {
        String prefix = "chorus members: ";
        Target t = target(parsed, cli, prefix);
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String s : Cli.values(parsed, "--status")) {
            state(s, "--status", prefix);
            query.add("status=" + encode(s));
        }
        for (String tag : Cli.values(parsed, "--tag")) {
            AgentArgs.keyValue(tag, "--tag", prefix);
            query.add("tag=" + encode(tag));
        }
        boolean json = parsed.hasMatchedOption("--json");
        return call(t, cli, a -> {
            String body = a.call("GET", "/members" + query, null);
            JsonNode members = Json.MAPPER.readTree(body);
            if (!members.isArray()) {
                throw new IOException("the agent at " + a.http() + " answered something other than a member list");
            }
            cli.out.print(json ? body.strip() + "\n" : MembersCommand.table(members));
            return 0;
        });
    }

    /** @return a member state as {@code --status} or {@code ?status=} gives it, any case */
    static MemberState state(String text, String where, String prefix) {
        for (MemberState s : MemberState.values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new UsageException(prefix + "invalid " + where + " '" + text + "': one of alive, suspect, dead, left");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ join, leave, force-leave

    static CommandSpec joinSpec() {
        CommandSpec spec = spec("join", "Makes a running agent join the cluster of the given members, or, once joined, "
                + "exchange its full state with them: the way to merge two clusters that formed apart. It may be called "
                + "again at any time.");
        spec.addPositional(Cli.argument(0, "ADDRESS", "1..*", "[NAME@]HOST:PORT of a member to join through"));
        return spec;
    }

    static int join(ParseResult parsed, Cli cli) {
        String prefix = "chorus join: ";
        List<String> addresses = new ArrayList<>();
        for (String a : Cli.arguments(parsed, 0)) {
            addresses.add(AgentArgs.seed(a, "address", prefix).toString());
        }
        Target t = target(parsed, cli, prefix);
        byte[] body = Json.write(Map.of("addresses", addresses)).getBytes(StandardCharsets.UTF_8);
        return call(t, cli, a -> {
            JsonNode answer = Json.MAPPER.readTree(a.call("POST", "/join", body));
            cli.out.println("joined through " + answer.path("joined").asInt() + " of " + addresses.size() + " addresses; "
                    + answer.path("alive").asInt() + " members ALIVE");
            return 0;
        });
    }

    static CommandSpec leaveSpec() {
        return spec("leave", "Makes a running agent leave the cluster gracefully: it tells the others it is LEFT, waits for "
                + "the news to spread, and exits 0.");
    }

    static int leave(ParseResult parsed, Cli cli) {
        Target t = target(parsed, cli, "chorus leave: ");
        return call(t, cli, a -> {
            JsonNode answer = Json.MAPPER.readTree(a.call("POST", "/leave", new byte[0]));
            cli.out.println("left: " + answer.path("id").asString());
            return 0;
        });
    }

    static CommandSpec forceLeaveSpec() {
        CommandSpec spec = spec("force-leave", "Turns a member the agent holds DEAD into LEFT now, and gossips it: every "
                + "member stops counting it toward quorum and forgets it after the dead-retention time. A member that is "
                + "in fact alive refutes it; an ALIVE or SUSPECT member is refused.");
        spec.addPositional(Cli.argument(0, "NAME", "1", "the member's name"));
        return spec;
    }

    static int forceLeave(ParseResult parsed, Cli cli) {
        String prefix = "chorus force-leave: ";
        String name = Cli.arguments(parsed, 0).get(0);
        try {
            NodeId.checkName(name);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(prefix + "invalid NAME '" + name + "': " + AgentArgs.NAME_RULE);
        }
        Target t = target(parsed, cli, prefix);
        return call(t, cli, a -> {
            JsonNode m = Json.MAPPER.readTree(a.call("POST", "/force-leave/" + name, new byte[0]));
            cli.out.println(m.path("id").asString() + " " + m.path("state").asString());
            return 0;
        });
    }

    // ------------------------------------------------------------------ tags

    static CommandSpec tagsSpec() {
        CommandSpec spec = spec("tags", "Changes a running agent's tags, gossiped to the cluster: tags set KEY=VALUE... "
                + "adds or replaces, tags delete KEY... removes. Prints the agent's tags afterwards.");
        spec.addPositional(Cli.argument(0, "set|delete", "1", "what to do"));
        spec.addPositional(Cli.argument(1, "TAG", "1..*", "KEY=VALUE to set, or KEY to delete"));
        return spec;
    }

    static int tags(ParseResult parsed, Cli cli) {
        String prefix = "chorus tags: ";
        String op = Cli.arguments(parsed, 0).get(0);
        List<String> items = Cli.arguments(parsed, 1);
        Map<String, Object> change = new LinkedHashMap<>();
        if (op.equals("set")) {
            Map<String, String> set = new LinkedHashMap<>();
            for (String item : items) {
                String[] kv = AgentArgs.keyValue(item, "tag", prefix);
                set.put(kv[0], kv[1]);
            }
            change.put("set", set);
        } else if (op.equals("delete")) {
            for (String item : items) {
                if (item.isEmpty() || item.indexOf('=') >= 0) {
                    throw new UsageException(prefix + "invalid tag key '" + item + "': tags delete takes keys, without '='");
                }
            }
            change.put("delete", items);
        } else {
            throw new UsageException(prefix + "unknown operation '" + op + "': set KEY=VALUE... or delete KEY...");
        }
        Target t = target(parsed, cli, prefix);
        byte[] body = Json.write(change).getBytes(StandardCharsets.UTF_8);
        return call(t, cli, a -> {
            JsonNode tags = Json.MAPPER.readTree(a.call("POST", "/tags", body)).path("tags");
            StringJoiner line = new StringJoiner(",");
            tags.properties().forEach(e -> line.add(e.getKey() + "=" + e.getValue().asString()));
            cli.out.println(line.length() == 0 ? "no tags" : line.toString());
            return 0;
        });
    }

    // ------------------------------------------------------------------ event, monitor

    static CommandSpec eventSpec() {
        CommandSpec spec = spec("event", "Broadcasts a user event to the cluster through a running agent: every member's "
                + "subscribers, and chorus monitor, see it. The payload is the argument, '-' for standard input, or empty.");
        spec.addPositional(Cli.argument(0, "TOPIC", "1", "the topic: " + AgentHttp.TOPIC_RULE));
        spec.addPositional(Cli.argument(1, "PAYLOAD", "0..1", "the payload, or - to read it from standard input"));
        spec.addOption(Cli.toggle("coalesce", "let a newer event of the topic replace one still spreading"));
        return spec;
    }

    static int event(ParseResult parsed, Cli cli) {
        String prefix = "chorus event: ";
        String topic = Cli.arguments(parsed, 0).get(0);
        if (!topic.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new UsageException(prefix + "invalid TOPIC '" + topic + "': " + AgentHttp.TOPIC_RULE);
        }
        List<String> payloadArg = Cli.arguments(parsed, 1);
        Target t = target(parsed, cli, prefix);
        String path = "/events/" + topic + (parsed.hasMatchedOption("--coalesce") ? "?coalesce=true" : "");
        return call(t, cli, a -> {
            byte[] payload = payloadArg.isEmpty() ? new byte[0] : payloadArg.get(0).equals("-") ? cli.in.readAllBytes()
                    : payloadArg.get(0).getBytes(StandardCharsets.UTF_8);
            JsonNode answer = Json.MAPPER.readTree(a.call("POST", path, payload));
            cli.out.println("sent " + answer.path("topic").asString() + ", " + answer.path("bytes").asInt() + " bytes");
            return 0;
        });
    }

    static CommandSpec monitorSpec() {
        return withJson(spec("monitor", "Follows a running agent's membership and user events, one a line, until the agent "
                + "stops or Ctrl-C."), "print each event as one JSON object per line (the /events data)");
    }

    /** @return the spec, with {@code --json} declared */
    private static CommandSpec withJson(CommandSpec spec, String help) {
        spec.addOption(Cli.toggle("json", help));
        return spec;
    }

    static int monitor(ParseResult parsed, Cli cli) {
        Target t = target(parsed, cli, "chorus monitor: ");
        boolean json = parsed.hasMatchedOption("--json");
        return call(t, cli, a -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(AgentClient.stream(a.http(), "/events", a.token()),
                    StandardCharsets.UTF_8));
            try (r) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith("data: ")) {
                        String data = l.substring("data: ".length());
                        cli.out.println(json ? data : describe(Json.MAPPER.readTree(data)));
                        cli.out.flush();
                    }
                }
            } catch (IOException closed) {
                // the agent stopped (left, or was stopped) while streaming: the end of what there is to follow
            }
            return 0;
        });
    }

    /** @return an event of {@code /events} as one line of text: its time, type, and what it is about */
    static String describe(JsonNode e) {
        StringBuilder b = new StringBuilder(e.path("at").asString("")).append(' ').append(e.path("type").asString("?"));
        JsonNode m = e.path("member");
        if (m.isObject()) {
            b.append(' ').append(m.path("id").asString()).append(' ').append(m.path("state").asString());
            if (m.path("tags").size() > 0) {
                StringJoiner tags = new StringJoiner(",", " ", "");
                m.path("tags").properties().forEach(kv -> tags.add(kv.getKey() + "=" + kv.getValue().asString()));
                b.append(tags);
            }
        }
        for (String field : List.of("reason", "status", "epoch", "members", "quorum", "alive", "expected", "claimant")) {
            if (e.has(field)) {
                b.append(' ').append(field).append('=').append(e.path(field).asString());
            }
        }
        if (e.has("topic")) {
            b.append(' ').append(e.path("topic").asString()).append(" from ").append(e.path("sender").asString())
                    .append(' ').append(e.path("size").asInt()).append(" bytes");
            if ("utf-8".equals(e.path("encoding").asString())) {
                b.append(": ").append(e.path("payload").asString());
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ info

    static CommandSpec infoSpec() {
        return withJson(spec("info", "Shows a running agent's node (id, status, members), the provider of each kind and why "
                + "it was chosen, its keyring state, its plugins and its build."), "print the agent's JSON as it is");
    }

    static int info(ParseResult parsed, Cli cli) {
        Target t = target(parsed, cli, "chorus info: ");
        boolean json = parsed.hasMatchedOption("--json");
        return call(t, cli, a -> {
            String body = a.call("GET", "/info", null);
            if (json) {
                cli.out.println(body.strip());
            } else {
                print(Json.MAPPER.readTree(body), "", cli);
            }
            return 0;
        });
    }

    /** Prints a JSON object as indented {@code key: value} lines, one per scalar, arrays one item a line. */
    private static void print(JsonNode node, String indent, Cli cli) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isObject()) {
                cli.out.println(indent + e.getKey() + ":");
                print(v, indent + "  ", cli);
            } else if (v.isArray()) {
                cli.out.println(indent + e.getKey() + ":" + (v.isEmpty() ? " none" : ""));
                for (JsonNode item : v.values()) {
                    cli.out.println(indent + "  - " + (item.isObject() ? inline(item) : item.asString()));
                }
            } else {
                cli.out.println(indent + e.getKey() + ": " + (v.isNull() ? "-" : v.asString()));
            }
        }
    }

    private static String inline(JsonNode o) {
        StringJoiner j = new StringJoiner(", ");
        o.properties().forEach(kv -> j.add(kv.getKey() + "=" + kv.getValue().asString()));
        return j.toString();
    }
}
