/**
 * The provider test kit: contract tests to extend ({@link io.chorus.testkit.TransportContract},
 * {@link io.chorus.testkit.HashFunctionContract}, {@link io.chorus.testkit.DiscoveryContract},
 * {@link io.chorus.testkit.FailureDetectorContract}, {@link io.chorus.testkit.MessageSignerContract},
 * all built on {@link io.chorus.testkit.ProviderContract}), an in-memory transport
 * ({@link io.chorus.testkit.InMemoryNetwork}), a {@link io.chorus.testkit.RecordingReceiver}, and
 * the helpers the Chorus modules' tests share.
 *
 * <p>A contract test is an abstract JUnit class: extend it in a package-private test class, return
 * the provider from {@code provider()}, and every {@code @Test} it declares runs against that
 * provider. Hooks with defaults (options, contexts, deadlines) adapt it where a provider needs
 * more than the defaults. Nothing waits by sleeping: each wait has a deadline and ends as soon as
 * what it waits for has happened, so a slow machine makes a test slower, never red.
 */
package io.chorus.testkit;
