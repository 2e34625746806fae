package io.chorus.agent;

import io.chorus.core.sim.Simulation;
import io.chorus.core.sim.SimulationConfig;
import io.chorus.core.sim.SimulationResult;
import io.chorus.core.sim.Timeline;
import io.chorus.core.sim.TimelineSvg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code chorus simulate --plot FILE.svg}: runs the simulation with a {@link Timeline} and writes
 * it as an SVG image ({@link TimelineSvg}), titled with the command. The file is checked before
 * the run, so a path that cannot be written fails at once (exit 2) instead of after minutes of
 * simulation; a write that fails anyway (a full disk) is reported after the JSON line (exit 1).
 */
final class SimulatePlot {
    private final Path file;
    private final String title;
    private String failure;

    private SimulatePlot(Path file, String title) {
        this.file = file;
        this.title = title;
    }

    /**
     * @param plot the value of {@code --plot}, if given
     * @param args the arguments after {@code simulate}, for the title
     * @return the plot to write, when asked for
     * @throws UsageException naming {@code --plot}, the path and what is wrong with it
     */
    static Optional<SimulatePlot> of(Optional<String> plot, List<String> args) {
        if (plot.isEmpty()) {
            return Optional.empty();
        }
        String text = plot.get();
        Path file;
        try {
            file = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(text, "not a valid path (" + e.getReason() + ")");
        }
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw invalid(text, "it is a directory; name a file, such as " + file.resolve("timeline.svg"));
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw invalid(text, "the directory " + dir + " does not exist");
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(dir)) {
            throw invalid(text, Files.exists(file) ? "the file is not writable" : "the directory " + dir + " is not writable");
        }
        return Optional.of(new SimulatePlot(file, "./chorus simulate " + String.join(" ", args)));
    }

    private static UsageException invalid(String text, String why) {
        return new UsageException(SimulateArgs.PREFIX + "cannot write --plot '" + text + "': " + why);
    }

    /**
     * Runs the simulation, recording its timeline, and writes the plot.
     *
     * @param config what to simulate
     * @param progress where progress lines go (one more names the file written)
     * @return the simulation's result, the same as without a plot
     */
    SimulationResult run(SimulationConfig config, Consumer<String> progress) {
        Timeline timeline = Timeline.everyDefaultStep();
        SimulationResult result = Simulation.run(config, progress, timeline);
        String svg = TimelineSvg.render(timeline, title, note(result));
        try {
            Files.writeString(file, svg, StandardCharsets.UTF_8);
            progress.accept("plot of " + timeline.samples().size() + " samples written to " + file);
        } catch (IOException e) {
            failure = SimulateArgs.PREFIX + "cannot write --plot '" + file + "': " + e;
        }
        return result;
    }

    /** @return why the plot was not written, after {@link #run}; empty when it was */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return the run's outcome in one line, under the title */
    static String note(SimulationResult r) {
        StringBuilder b = new StringBuilder();
        b.append(r.converged() ? String.format(Locale.ROOT, "converged in %,d ms", r.convergenceMs().orElse(0))
                : "not converged within 15 s");
        r.detectionAllMs().ifPresent(ms -> b.append(String.format(Locale.ROOT, "; every node saw the kill after %,d ms", ms)));
        r.healMs().ifPresent(ms -> b.append(String.format(Locale.ROOT, "; one view again %,d ms after the heal", ms)));
        b.append(String.format(Locale.ROOT, "; %d false deaths, %,d false suspicions; seed %d, %s profile", r.falsePositiveDeaths(),
                r.falseSuspicions(), r.seed(), r.profile()));
        return b.toString();
    }
}
