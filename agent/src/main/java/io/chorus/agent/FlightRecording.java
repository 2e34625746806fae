package io.chorus.agent;

import io.chorus.api.ChorusException;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code --jfr FILE}: a flight recording from the agent's start to its stop, with the JDK's default
 * events (GC, threads, CPU, I/O: cheap enough to leave on) and every event of the protocol, written
 * to the file when the node stops (SIGTERM, Ctrl-C, or an error after start).
 */
final class FlightRecording implements AutoCloseable {
    /** The protocol's events (core's {@code io.chorus.core.jfr}), disabled unless a recording names them. */
    static final List<String> EVENTS = List.of("chorus.ProbeRound", "chorus.Suspicion", "chorus.MemberState",
            "chorus.PushPull", "chorus.RejectedMessage");

    private final Recording recording;
    private final Path file;

    private FlightRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /**
     * @param file where the recording goes
     * @return the recording, started
     * @throws ChorusException naming the file when it cannot be written
     */
    static FlightRecording start(Path file) {
        Recording r;
        try {
            r = new Recording(Configuration.getConfiguration("default"));
        } catch (IOException | ParseException e) {
            throw new ChorusException("cannot start a flight recording (--jfr): the JDK's default settings are unreadable: "
                    + e, e);
        }
        r.setName("chorus");
        r.setToDisk(true);
        for (String event : EVENTS) {
            r.enable(event).withoutStackTrace();
        }
        try {
            r.setDestination(file);
        } catch (IOException e) {
            r.close();
            throw new ChorusException("cannot record to " + file + " (--jfr): " + e.getMessage(), e);
        }
        r.start();
        return new FlightRecording(r, file);
    }

    /** @return the file the recording goes to */
    Path file() {
        return file;
    }

    /** Stops the recording, which writes it to its file. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            try {
                recording.stop();
            } catch (IllegalStateException e) {
                // stopped already
            }
            recording.close();
        }
    }
}
