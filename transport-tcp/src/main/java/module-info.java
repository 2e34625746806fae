/**
 * Stream transport for Chorus: reliable frames for full-state exchange, and packets too on
 * networks where UDP is blocked.
 */
module io.chorus.transport.tcp {
    requires io.chorus.api;
    requires org.slf4j;
}
