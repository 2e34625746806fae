package io.chorus.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4: {@code # HELP} and
 * {@code # TYPE} lines, then samples {@code name{label="value",...} value [timestamp]}. It refuses
 * what a Prometheus server would refuse, and a little more: a sample before its family's
 * {@code TYPE}, a sample whose name does not belong to that family (a counter's or a summary's
 * suffixes), a family declared twice, a series given twice, a bad name, label, escape or number, a
 * text that does not end its last line.
 */
final class PrometheusText {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram", "untyped");

    /** One sample: its name, its labels (sorted), its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A family: its name, type, help, and samples. */
    record Family(String name, String type, String help, List<Sample> samples) {
        /** @return the only sample named {@code name} whose labels include {@code labels} (pairs), if one */
        Optional<Sample> sample(String name, String... labels) {
            List<Sample> found = new ArrayList<>();
            for (Sample s : samples) {
                boolean match = s.name().equals(name);
                for (int i = 0; match && i < labels.length; i += 2) {
                    match = labels[i + 1].equals(s.labels().get(labels[i]));
                }
                if (match) {
                    found.add(s);
                }
            }
            if (found.size() > 1) {
                throw new IllegalStateException(found.size() + " samples match " + name + " " + List.of(labels));
            }
            return found.stream().findFirst();
        }
    }

    private PrometheusText() {
    }

    /**
     * @param text a scrape
     * @return its families by name, in order
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line is not ended by a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        Set<String> series = new java.util.HashSet<>();
        Family current = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            String where = "line " + (n + 1) + " '" + line + "': ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                requireName(parts[0], where);
                help.put(parts[0], parts.length > 1 ? unescape(parts[1], false, where) : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !TYPES.contains(parts[1])) {
                    throw new IllegalArgumentException(where + "TYPE takes a name and one of " + TYPES);
                }
                requireName(parts[0], where);
                if (families.containsKey(parts[0])) {
                    throw new IllegalArgumentException(where + "family " + parts[0] + " declared twice");
                }
                current = new Family(parts[0], parts[1], help.getOrDefault(parts[0], ""), new ArrayList<>());
                families.put(parts[0], current);
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                Sample s = sample(line, where);
                if (current == null || !belongs(s.name(), current)) {
                    throw new IllegalArgumentException(where + "a sample outside the family declared above it ("
                            + (current == null ? "none" : current.name() + ", a " + current.type()) + ")");
                }
                if (!series.add(s.name() + s.labels())) {
                    throw new IllegalArgumentException(where + "the series " + s.name() + s.labels() + " is given twice");
                }
                current.samples().add(s);
            }
        }
        return Collections.unmodifiableMap(families);
    }

    private static boolean belongs(String sample, Family f) {
        String n = f.name();
        switch (f.type()) {
            case "counter":
                return sample.equals(n) || sample.equals(n + "_total") || (n.endsWith("_total") && sample.equals(n));
            case "summary":
                return sample.equals(n) || sample.equals(n + "_count") || sample.equals(n + "_sum");
            case "histogram":
                return sample.equals(n + "_bucket") || sample.equals(n + "_count") || sample.equals(n + "_sum");
            default:
                return sample.equals(n);
        }
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(name, where);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException(where + "a label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException(where + "bad label name '" + label + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException(where + "label " + label + "'s value is not quoted");
                }
                int j = eq + 2;
                while (j < line.length() && line.charAt(j) != '"') {
                    j += line.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= line.length()) {
                    throw new IllegalArgumentException(where + "label " + label + "'s value is not closed");
                }
                if (labels.put(label, unescape(line.substring(eq + 2, j), true, where)) != null) {
                    throw new IllegalArgumentException(where + "label " + label + " given twice");
                }
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    throw new IllegalArgumentException(where + "labels are separated by ',' and closed by '}'");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException(where + "no value after the name and labels");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2) {
            throw new IllegalArgumentException(where + "a value and at most a timestamp");
        }
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "bad timestamp '" + rest[1] + "'");
            }
        }
        return new Sample(name, Collections.unmodifiableMap(labels), number(rest[0], where));
    }

    private static double number(String text, String where) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!text.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException(where + "bad value '" + text + "'");
                }
                return Double.parseDouble(text);
        }
    }

    /** @param quotes whether {@code \"} is an escape (label values) or not (HELP text) */
    private static String unescape(String text, boolean quotes, String where) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = j + 1 < text.length() ? text.charAt(++j) : ' ';
            if (e == '\\' || (quotes && e == '"')) {
                b.append(e);
            } else if (e == 'n') {
                b.append('\n');
            } else {
                throw new IllegalArgumentException(where + "bad escape \\" + e);
            }
        }
        return b.toString();
    }

    private static void requireName(String name, String where) {
        if (!METRIC.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "bad metric name '" + name + "'");
        }
    }
}
