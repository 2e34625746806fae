/**
 * The TCP transport. Not exported: only {@link io.chorus.transport.tcp.TcpTransportProvider} is
 * public, and it is reached through {@link java.util.ServiceLoader}.
 */
package io.chorus.transport.tcp;
