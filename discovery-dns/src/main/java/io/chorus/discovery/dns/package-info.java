/**
 * The DNS discovery provider: seeds from A/AAAA or SRV records, re-resolved. Only
 * {@link io.chorus.discovery.dns.DnsDiscoveryProvider} is public, for ServiceLoader; this package
 * is not exported.
 */
package io.chorus.discovery.dns;
