package io.chorus.api;

/** {@link Cluster#join} was called on a node that is already a member of a cluster. */
@Stability(Stability.Level.STABLE)
public class AlreadyJoinedException extends ChorusException {
    private static final long serialVersionUID = 1L;

    /** @param message which node, and which cluster it is in */
    public AlreadyJoinedException(String message) {
        super(message);
    }
}
