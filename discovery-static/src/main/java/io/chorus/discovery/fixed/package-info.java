/**
 * The static discovery provider: seeds from {@code ClusterConfig.seeds()}. Only
 * {@link io.chorus.discovery.fixed.StaticDiscoveryProvider} is public, for ServiceLoader; this
 * package is not exported.
 */
package io.chorus.discovery.fixed;
