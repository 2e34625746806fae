package io.chorus.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * The member table {@code chorus members} prints (name, address, state, incarnation, tags, age),
 * sorted by name; the command itself is in {@link Operator}.
 */
final class MembersCommand {
    private MembersCommand() {
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
