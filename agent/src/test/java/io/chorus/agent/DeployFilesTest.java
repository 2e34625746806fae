package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy: the systemd unit passes {@code systemd-analyze verify} (where it exists), and every
 * {@code CHORUS_*} variable the deployment files and the README set is one the agent reads.
 */
class DeployFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("docs/deploy");
    private static final Pattern VARIABLE = Pattern.compile("\\bCHORUS_[A-Z_]+\\b");

    @Test
    void theSystemdUnitVerifies(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        String unit = Files.readString(DEPLOY.resolve("chorus.service"), StandardCharsets.UTF_8);
        assertTrue(unit.contains("ExecStart=/opt/chorus/bin/chorus agent "), unit);
        // verify checks that the program exists and the user is known: point them at what this machine has
        String here = unit.replace("ExecStart=/opt/chorus/bin/chorus", "ExecStart=" + ROOT.resolve("agent/src/dist/bin/chorus"))
                .replace("User=chorus", "User=root").replace("Group=chorus", "Group=root");
        Path copy = dir.resolve("chorus.service");
        Files.writeString(copy, here, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip(), "no warnings");
    }

    @Test
    void everyVariableTheDocsSetIsOneTheAgentReads() throws IOException {
        Set<String> known = new TreeSet<>(AgentArgs.ENV_KEYS.keySet());
        Set<String> unknown = new TreeSet<>();
        for (Path f : new Path[] {DEPLOY.resolve("kubernetes.yaml"), DEPLOY.resolve("chorus.service"),
            DEPLOY.resolve("Containerfile"), ROOT.resolve("README.md")}) {
            Matcher m = VARIABLE.matcher(Files.readString(f, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!known.contains(m.group()) && !m.group().startsWith("CHORUS_CHAOS_")) { // the chaos suite's own
                    unknown.add(f.getFileName() + ": " + m.group());
                }
            }
        }
        assertEquals(Set.of(), unknown, "variables the agent does not read; it reads " + known);
        String k8s = Files.readString(DEPLOY.resolve("kubernetes.yaml"), StandardCharsets.UTF_8);
        assertTrue(k8s.contains("path: /health/live") && k8s.contains("path: /health/ready"));
        assertTrue(k8s.contains("clusterIP: None") && k8s.contains("_gossip._udp.chorus."), "a headless Service and SRV seeds");
    }
}
