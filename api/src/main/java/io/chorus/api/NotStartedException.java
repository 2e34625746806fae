package io.chorus.api;

/** The operation needs a running node: call {@link Cluster#start()} first (or it has stopped). */
@Stability(Stability.Level.STABLE)
public class NotStartedException extends ChorusException {
    private static final long serialVersionUID = 1L;

    /** @param message what was called and the node's status */
    public NotStartedException(String message) {
        super(message);
    }
}
