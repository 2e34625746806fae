/**
 * Provider assembly: finds the providers of every SPI kind (with {@link java.util.ServiceLoader}
 * and from explicit registration), validates them, and selects the ones a node uses, with errors
 * that say what to add or change. Internal to core; not exported.
 */
package io.chorus.core.assembly;
