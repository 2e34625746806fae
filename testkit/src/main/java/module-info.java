/**
 * Test helpers shared by the Chorus modules' tests; never published, used only at test scope.
 *
 * <p>{@link io.chorus.testkit.ModuleShape} holds the checks every module's shape test makes (STYLE
 * conventions 1, 3 and 6 and the {@code provides}/META-INF/services trap), and
 * {@link io.chorus.testkit.Dnsmasq} runs a real dnsmasq for the DNS tests, skipping them with the
 * install command where it is missing.
 *
 * <p>A user's tests run patched into its own module, and this module, which no main module
 * {@code requires}, lands on the class path there. So it reads the module under test only through
 * {@link java.lang.Module} and its descriptor, and needs no {@code java.naming}: the dnsmasq
 * readiness check is a hand-made DNS query.
 */
module io.chorus.testkit {
    requires org.junit.jupiter.api;

    exports io.chorus.testkit;
}
