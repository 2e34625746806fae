package io.chorus.api;

/** A keyring change that cannot be made: an unknown key id, removing the primary, a full keyring. */
@Stability(Stability.Level.EXPERIMENTAL)
public class KeyringException extends ChorusException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do */
    public KeyringException(String message) {
        super(message);
    }
}
