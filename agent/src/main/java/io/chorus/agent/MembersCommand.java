package io.chorus.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code chorus members --http HOST:PORT [--json]}: asks a running agent for {@code /members} and
 * prints a table (name, address, state, incarnation, tags, age), sorted by name, or the raw JSON.
 */
final class MembersCommand {
    static final String PREFIX = "chorus members: ";
    static final String USAGE = String.join("\n",
            "usage: chorus members --http HOST:PORT [--json]",
            "  --http HOST:PORT   the --http address of a running agent",
            "  --json             print the agent's JSON as it is instead of a table");

    private MembersCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String http = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--http") && i + 1 < args.size()) {
                http = args.get(++i);
            } else if (a.startsWith("--http=")) {
                http = a.substring("--http=".length());
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else {
                throw new UsageException(PREFIX + "unexpected argument '" + a + "': " + USAGE.lines().findFirst().orElse(""));
            }
        }
        if (http == null || http.isEmpty()) {
            throw new UsageException(PREFIX + "missing --http HOST:PORT: the --http address of a running agent");
        }
        AgentClient.address(PREFIX, http);
        String body;
        try {
            body = AgentClient.get(http, "/members");
        } catch (ConnectException e) {
            err.println(PREFIX + "no agent answers at " + http + " (" + e.getMessage() + "); is one running with --http " + http
                    + "?");
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println(PREFIX + "cannot read the members from " + http + ": " + e.getMessage());
            return 1;
        }
        if (json) {
            out.println(body.strip());
            return 0;
        }
        try {
            out.print(table(Json.MAPPER.readTree(body)));
            return 0;
        } catch (JacksonException | IllegalStateException e) {
            err.println(PREFIX + "the agent at " + http + " answered something other than a member list: " + e.getMessage());
            return 1;
        }
    }

    static String table(JsonNode members) {
        if (!members.isArray()) {
            throw new IllegalStateException("expected a JSON array");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ADDRESS", "STATE", "INCARNATION", "TAGS", "AGE"});
        List<JsonNode> sorted = new ArrayList<>(members.values());
        sorted.sort(Comparator.comparing(m -> m.path("name").asString("")));
        for (JsonNode m : sorted) {
            String host = m.path("host").asString("?");
            String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + m.path("port").asString("?");
            StringJoiner tags = new StringJoiner(",");
            for (Map.Entry<String, JsonNode> t : m.path("tags").properties()) {
                tags.add(t.getKey() + "=" + t.getValue().asString(""));
            }
            rows.add(new String[] {m.path("name").asString("?"), address, m.path("state").asString("?"),
                m.path("incarnation").asString("?"), tags.length() == 0 ? "-" : tags.toString(),
                m.has("age_ms") ? age(m.path("age_ms").asLong(0)) : "-"});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String age(long ms) {
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        } else if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        } else if (s < 86_400) {
            return s / 3600 + "h" + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d" + s % 86_400 / 3600 + "h";
    }
}
