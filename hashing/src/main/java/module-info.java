/**
 * Hash functions and ring strategies.
 */
module io.chorus.hashing {
    requires io.chorus.api;
}
