package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: every Markdown table in the README and {@code docs/} renders (a
 * row outside its table, or with a cell too many, is a broken claim), and {@code docs/architecture.md}
 * names every module and every file of the protocol loop.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<Path> markdown() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** @return the cells of a table row: split at pipes not escaped with a backslash */
    static int cells(String row) {
        String r = row.strip();
        int n = 0;
        for (int i = 0; i < r.length(); i++) {
            if (r.charAt(i) == '|' && (i == 0 || r.charAt(i - 1) != '\\')) {
                n++;
            }
        }
        // a row starts and ends with a pipe: n pipes bound n - 1 cells
        return n - 1;
    }

    @Test
    void everyMarkdownTableRenders() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdown()) {
            List<String> lines = Files.readAllLines(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                }
                if (fenced || !line.startsWith("|")) {
                    continue;
                }
                // the first row of a table: a header, then a separator of as many cells
                String where = ROOT.relativize(file) + ":" + (i + 1);
                if (i + 1 >= lines.size() || !lines.get(i + 1).matches("\\|(\\s*:?-{3,}:?\\s*\\|)+\\s*")) {
                    broken.add(where + ": a table row with no header and separator above it: " + line);
                    continue;
                }
                int columns = cells(line);
                if (cells(lines.get(i + 1)) != columns || !line.strip().endsWith("|")) {
                    broken.add(where + ": the separator has " + cells(lines.get(i + 1)) + " cells, the header " + columns);
                }
                int j = i + 2;
                for (; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                    String row = lines.get(j);
                    if (cells(row) != columns || !row.strip().endsWith("|")) {
                        broken.add(ROOT.relativize(file) + ":" + (j + 1) + ": " + cells(row) + " cells where the header has "
                                + columns + ": " + row);
                    }
                }
                i = j - 1;
            }
        }
        assertEquals(List.of(), broken, "Markdown tables that do not render as written");
    }

    @Test
    void theArchitectureNamesEveryModuleAndEveryPartOfTheLoop() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (!doc.contains("`" + m.group(1) + "`")) {
                missing.add("module " + m.group(1));
            }
        }
        try (Stream<Path> files = Files.list(ROOT.resolve("core/src/main/java/io/chorus/core/engine"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".java") && !name.equals("package-info.java")
                        && !doc.contains(name.substring(0, name.length() - ".java".length()))) {
                    missing.add("engine file " + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "docs/architecture.md does not name: " + missing);
    }
}
