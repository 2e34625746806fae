/**
 * Datagram transport for Chorus packets (probes and gossip).
 */
module io.chorus.transport.udp {
    requires io.chorus.api;
    requires org.slf4j;
}
