/**
 * The failure detectors core ships: {@code swim} (the default), {@code phi-accrual} and
 * {@code heartbeat}. Each provider class is public so that {@link java.util.ServiceLoader} can
 * instantiate it; the detectors themselves are package-private. Detectors are called only from
 * the protocol loop and take no locks. Their options are documented in the module javadoc.
 */
package io.chorus.core.fd;
