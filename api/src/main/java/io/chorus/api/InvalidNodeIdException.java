package io.chorus.api;

/**
 * A node id, name, host or port does not follow the rules of {@link NodeId}. The message quotes
 * the input and names the rule it broke.
 */
@Stability(Stability.Level.STABLE)
public class InvalidNodeIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the input and the rule it broke */
    public InvalidNodeIdException(String message) {
        super(message);
    }
}
