/**
 * Seeds from configuration. The directory and artifact say "static"; the module is
 * {@code io.chorus.discovery.fixed} because {@code static} is a Java keyword.
 */
module io.chorus.discovery.fixed {
    requires io.chorus.api;
}
