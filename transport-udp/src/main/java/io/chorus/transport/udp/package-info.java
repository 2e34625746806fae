/**
 * The UDP transport. Not exported: the only public class is
 * {@link io.chorus.transport.udp.UdpTransportProvider}, found with
 * {@link java.util.ServiceLoader}.
 */
package io.chorus.transport.udp;
