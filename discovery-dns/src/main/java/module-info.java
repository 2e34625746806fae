/**
 * Seeds from DNS A/AAAA and SRV records, re-resolved while the cluster runs.
 */
module io.chorus.discovery.dns {
    requires io.chorus.api;
    requires org.slf4j;
}
