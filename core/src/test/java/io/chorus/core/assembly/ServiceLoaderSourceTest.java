package io.chorus.core.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.ProviderException;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.TransportProvider;
import io.chorus.core.fd.HeartbeatFailureDetectorProvider;
import io.chorus.core.fd.PhiAccrualFailureDetectorProvider;
import io.chorus.core.fd.SwimFailureDetectorProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery through the real ServiceLoader, on the module path, where core provides the three failure detectors. */
class ServiceLoaderSourceTest {
    private final ClassLoader loader = ServiceLoaderSourceTest.class.getClassLoader();
    private final Fakes.TransportA udp = new Fakes.TransportA("udp", 0);

    @Test
    void coreProvidesExactlyTheThreeFailureDetectors() {
        Map<String, String> found = new TreeMap<>();
        for (Found<FailureDetectorProvider> f : new ServiceLoaderSource(loader).find(FailureDetectorProvider.class)) {
            found.put(f.provider().id(), f.provider().getClass().getName() + ", " + f.origin());
        }
        assertEquals(Map.of(
                "swim", SwimFailureDetectorProvider.class.getName() + ", module io.chorus.core",
                "phi-accrual", PhiAccrualFailureDetectorProvider.class.getName() + ", module io.chorus.core",
                "heartbeat", HeartbeatFailureDetectorProvider.class.getName() + ", module io.chorus.core"), found);
    }

    @Test
    void assemblyPicksSwimByPriority() {
        Assembled assembled = Assembly.assemble(
                EngineContext.builder(ClusterConfig.builder("n").build()).providers(List.of(udp)).classLoader(loader).build());
        assertInstanceOf(SwimFailureDetectorProvider.class, assembled.failureDetector());
        assertSame(udp, assembled.transport());
    }

    @Test
    void theConfigCanNameOrExcludeCoresDetectors() {
        ClusterConfig named = ClusterConfig.builder("n").failureDetector("heartbeat").build();
        assertInstanceOf(HeartbeatFailureDetectorProvider.class,
                Assembly.assemble(EngineContext.builder(named).providers(List.of(udp)).classLoader(loader).build()).failureDetector());
        ClusterConfig excluded = ClusterConfig.builder("n").exclude("swim").build();
        assertInstanceOf(PhiAccrualFailureDetectorProvider.class,
                Assembly.assemble(EngineContext.builder(excluded).providers(List.of(udp)).classLoader(loader).build()).failureDetector());
    }

    @Test
    void aDiscoveredDetectorRegisteredAgainCountsOnce() {
        SwimFailureDetectorProvider swim = new SwimFailureDetectorProvider();
        Assembled assembled = Assembly.assemble(
                EngineContext.builder(ClusterConfig.builder("n").build()).providers(List.of(udp, swim)).classLoader(loader).build());
        assertSame(swim, assembled.failureDetector());
    }

    @Test
    void noTransportOnTheTestModulePath() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> Assembly.assemble(EngineContext.builder(ClusterConfig.builder("n").build()).classLoader(loader).build()));
        assertEquals("no transport provider found: add io.chorus:chorus-transport-udp (module io.chorus.transport.udp) "
                + "or io.chorus:chorus-transport-tcp (module io.chorus.transport.tcp) to the module path", e.getMessage());
    }

    @Test
    void aServicesEntryForAMissingClassIsReported(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/" + TransportProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "com.example.MissingTransportProvider\n");
        try (URLClassLoader broken = new URLClassLoader(new URL[] {dir.toUri().toURL()}, loader)) {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> new ServiceLoaderSource(broken).find(TransportProvider.class));
            assertEquals("a provider of io.chorus.api.spi.TransportProvider failed to load: "
                    + "io.chorus.api.spi.TransportProvider: Provider com.example.MissingTransportProvider not found; "
                    + "fix or remove the module or jar that declares it", e.getMessage());
            assertInstanceOf(ServiceConfigurationError.class, e.getCause());
        }
    }

    @Test
    void aProviderThatFailsToInstantiateIsNamedWithItsCause() {
        ServiceLoader.Provider<TransportProvider> failing = new ServiceLoader.Provider<>() {
            @Override
            public Class<? extends TransportProvider> type() {
                return Fakes.TransportA.class;
            }

            @Override
            public TransportProvider get() {
                throw new ServiceConfigurationError("io.chorus.api.spi.TransportProvider: Provider "
                        + Fakes.TransportA.class.getName() + " could not be instantiated",
                        new IllegalStateException("port 7946 in use"));
            }
        };
        Iterator<ServiceLoader.Provider<TransportProvider>> providers = List.of(failing).iterator();
        ProviderException e = assertThrows(ProviderException.class,
                () -> ServiceLoaderSource.collect(TransportProvider.class, providers));
        assertEquals("the provider io.chorus.core.assembly.Fakes$TransportA (module io.chorus.core) of "
                + "io.chorus.api.spi.TransportProvider failed to load: java.lang.IllegalStateException: port 7946 in use; "
                + "fix it or remove it from the module path", e.getMessage());
    }

    @Test
    void theOriginIsTheModuleOrTheClassPathLocation() {
        assertEquals("module java.base", ProviderSource.originOf(String.class));
        assertEquals("module io.chorus.api", ProviderSource.originOf(Provider.class));
        String junit = ProviderSource.originOf(Test.class);
        assertTrue(junit.startsWith("class path ") && junit.endsWith(".jar"), junit);
    }
}
