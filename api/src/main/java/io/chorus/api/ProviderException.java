package io.chorus.api;

/**
 * The node could not be assembled from its providers: a required kind has no provider, a named
 * provider is absent, two providers tie, or a provider failed to load. The message lists what was
 * found and says which artifact to add.
 */
@Stability(Stability.Level.STABLE)
public class ProviderException extends ChorusException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing or ambiguous, what was found, and what to add */
    public ProviderException(String message) {
        super(message);
    }

    /**
     * @param message what failed and in which provider
     * @param cause the underlying failure
     */
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
