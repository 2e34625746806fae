package io.chorus.api;

/**
 * The base of every exception Chorus throws on purpose. Unchecked: a Chorus error is either a
 * programming or configuration mistake, or a state the caller can inspect and retry.
 */
@Stability(Stability.Level.STABLE)
public class ChorusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where it helps, what to do */
    public ChorusException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and, where it helps, what to do
     * @param cause the underlying failure
     */
    public ChorusException(String message, Throwable cause) {
        super(message, cause);
    }
}
