package io.chorus.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What this build of the agent is: its version (written by the build) and the Java runtime it runs on. */
final class Build {
    private static final String VERSION = read();

    private Build() {
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("version", "");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /** @return the agent's version, as {@code 0.1.0-SNAPSHOT} */
    static String version() {
        return VERSION;
    }

    /** @return one line: {@code chorus 0.1.0 (Java 21.0.5, Linux amd64)} */
    static String line() {
        return "chorus " + VERSION + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ")";
    }

    /** @return the same, as JSON fields for {@code info} and {@code /info} */
    static Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("version", VERSION);
        o.put("java", Runtime.version().toString());
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return o;
    }
}
