package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The entry point with zero, one and several engines. Only the api is on the module path here, so
 * every engine is a fake registered explicitly (ServiceLoader would not see one in src/test).
 */
class ChorusTest {

    private static final ClusterConfig CONFIG = ClusterConfig.builder("web-1").profile(Profile.LOCAL).build();

    /** A cluster whose every method fails: the fakes only need to hand one back. */
    private static Cluster stubCluster() {
        return (Cluster) Proxy.newProxyInstance(Cluster.class.getClassLoader(), new Class<?>[] {Cluster.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "stub cluster";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An engine that records what it was asked to build. */
    static final class FakeEngine implements EngineProvider {
        private final String id;
        private final int priority;
        private final String apiVersion;
        private final Cluster cluster = stubCluster();
        private final List<EngineContext> calls = new ArrayList<>();

        FakeEngine(String id, int priority) {
            this(id, priority, ApiVersion.CURRENT);
        }

        FakeEngine(String id, int priority, String apiVersion) {
            this.id = id;
            this.priority = priority;
            this.apiVersion = apiVersion;
        }

        @Override
        public String apiVersion() {
            return apiVersion;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Cluster create(EngineContext context) {
            calls.add(context);
            return cluster;
        }
    }

    /** A transport provider that is never asked for a transport here. */
    static final class FakeTransport implements TransportProvider {
        @Override
        public String id() {
            return "fake-transport";
        }

        @Override
        public Transport create(TransportContext context) {
            throw new UnsupportedOperationException("not used by the entry point");
        }
    }

    @Test
    void onlyTheApiIsOnTheModulePath() {
        assertTrue(Chorus.class.getModule().isNamed(), "the api should run as a named module");
        assertEquals("io.chorus.api", Chorus.class.getModule().getName());
        assertTrue(ModuleLayer.boot().findModule("io.chorus.core").isEmpty());
    }

    @Test
    void withNoEngineCreateNamesTheArtifactToAdd() {
        ProviderException e = assertThrows(ProviderException.class, () -> Chorus.create(CONFIG));
        assertTrue(e.getMessage().startsWith("no Chorus engine found"), e.getMessage());
        assertTrue(e.getMessage().contains("io.chorus:chorus-core"), e.getMessage());
        assertEquals("no Chorus engine found: add io.chorus:chorus-core (module io.chorus.core) to the module path",
                e.getMessage(), "the api runs as a named module here, so the advice names the module path alone");
    }

    @Test
    void otherProvidersAreNoEngine() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> Chorus.builder(CONFIG).autoDiscovery(false).provider(new FakeTransport()).build());
        assertTrue(e.getMessage().startsWith("no Chorus engine found: add io.chorus:chorus-core"), e.getMessage());
    }

    @Test
    void twoEnginesOfEqualPriorityAreListed() {
        FakeEngine a = new FakeEngine("engine-a", 3);
        FakeEngine b = new FakeEngine("engine-b", 3);
        ProviderException e = assertThrows(ProviderException.class,
                () -> Chorus.builder(CONFIG).provider(a).provider(b).build());
        String module = FakeEngine.class.getModule().getName();
        assertEquals("several Chorus engines of equal priority 3 found; keep one:"
                + "\n  - engine-a (" + FakeEngine.class.getName() + ", module " + module + ")"
                + "\n  - engine-b (" + FakeEngine.class.getName() + ", module " + module + ")", e.getMessage());
        assertTrue(e.getMessage().contains("several Chorus engines"), e.getMessage());
        assertTrue(a.calls.isEmpty() && b.calls.isEmpty(), "no engine should be asked to build");
    }

    @Test
    void theTieIsReportedWhateverTheRegistrationOrder() {
        FakeEngine a = new FakeEngine("engine-a", 0);
        FakeEngine b = new FakeEngine("engine-b", 0);
        FakeEngine low = new FakeEngine("engine-low", -1);
        ProviderException e = assertThrows(ProviderException.class,
                () -> Chorus.builder(CONFIG).provider(low).provider(b).provider(a).build());
        assertTrue(e.getMessage().contains("engine-a") && e.getMessage().contains("engine-b"), e.getMessage());
    }

    @Test
    void theHighestPriorityEngineWins() {
        FakeEngine low = new FakeEngine("engine-low", 1);
        FakeEngine high = new FakeEngine("engine-high", 5);
        FakeEngine other = new FakeEngine("engine-other", 1);
        Cluster cluster = Chorus.builder(CONFIG).provider(low).provider(high).provider(other).build();
        assertSame(high.cluster, cluster);
        assertEquals(1, high.calls.size());
        ProviderChoice choice = high.calls.get(0).engineChoice().orElseThrow();
        assertEquals(ProviderChoice.Reason.HIGHEST_PRIORITY, choice.reason());
        assertEquals("highest priority 5 among engine-high 5, engine-low 1, engine-other 1", choice.explanation());
        assertEquals("engine engine-high (" + FakeEngine.class.getName() + ", module io.chorus.api): " + choice.explanation(),
                choice.toString());
        assertTrue(low.calls.isEmpty() && other.calls.isEmpty());
    }

    @Test
    void aSingleRegisteredEngineBuildsTheNode() {
        FakeEngine engine = new FakeEngine("fake-engine", 0);
        FakeTransport transport = new FakeTransport();
        Cluster cluster = Chorus.builder(CONFIG).autoDiscovery(false).provider(transport).provider(engine).build();

        assertSame(engine.cluster, cluster);
        assertEquals(1, engine.calls.size());
        EngineContext context = engine.calls.get(0);
        assertSame(CONFIG, context.config());
        assertFalse(context.autoDiscovery());
        assertEquals(List.<Provider>of(transport, engine), context.providers());
        assertSame(transport, context.providers().get(0));
        ClassLoader expected = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Chorus.class.getClassLoader();
        assertSame(expected, context.classLoader());
        assertEquals(ProviderChoice.of(ProviderChoice.Kind.ENGINE, "fake-engine", FakeEngine.class.getName(),
                "module io.chorus.api", ProviderChoice.Reason.ONLY_ONE, "the only one found"),
                context.engineChoice().orElseThrow());
    }

    @Test
    void autoDiscoveryIsOnByDefault() {
        FakeEngine engine = new FakeEngine("fake-engine", 0);
        Chorus.builder(CONFIG).provider(engine).build();
        assertTrue(engine.calls.get(0).autoDiscovery());
        assertEquals(List.<Provider>of(engine), engine.calls.get(0).providers());
    }

    @Test
    void theClassLoaderIsPassedOn() throws Exception {
        FakeEngine engine = new FakeEngine("fake-engine", 0);
        try (URLClassLoader loader = new URLClassLoader(new URL[0], ChorusTest.class.getClassLoader())) {
            Chorus.builder(CONFIG).classLoader(loader).provider(engine).build();
            assertSame(loader, engine.calls.get(0).classLoader());
        }
    }

    @Test
    void theContextHoldsAnImmutableCopyOfTheProviders() {
        FakeEngine engine = new FakeEngine("fake-engine", 0);
        List<Provider> providers = new ArrayList<>(List.of(engine));
        EngineContext context = EngineContext.builder(CONFIG).providers(providers).build();
        providers.add(new FakeTransport());
        assertEquals(List.<Provider>of(engine), context.providers());
        assertThrows(UnsupportedOperationException.class, () -> context.providers().add(new FakeTransport()));
    }

    @Test
    void anEngineBuiltForANewerApiIsRefused() {
        ApiVersion present = ApiVersion.present();
        String newer = present.major() + "." + (present.minor() + 1);
        FakeEngine engine = new FakeEngine("core", 0, newer);
        ProviderException e = assertThrows(ProviderException.class, () -> Chorus.builder(CONFIG).provider(engine).build());
        assertEquals("the Chorus engine core (" + FakeEngine.class.getName() + ", module io.chorus.api) was built for "
                + "Chorus api " + newer + ", but the api present is " + present + " (io.chorus:chorus-api): use chorus-api "
                + "and chorus-core of one release, for example by importing io.chorus:chorus-bom", e.getMessage());
        assertTrue(engine.calls.isEmpty(), "the engine was not asked to build");
        assertThrows(ProviderException.class,
                () -> Chorus.builder(CONFIG).provider(new FakeEngine("core", 0, (present.major() + 1) + ".0")).build());
    }

    @Test
    void anEngineWithAMalformedApiVersionIsRefused() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> Chorus.builder(CONFIG).provider(new FakeEngine("core", 0, "0.1.0")).build());
        assertEquals("the Chorus engine core (" + FakeEngine.class.getName() + ", module io.chorus.api) declares no valid "
                + "api version: '0.1.0' is not an api version: MAJOR.MINOR, such as " + ApiVersion.CURRENT, e.getMessage());
    }

    @Test
    void eachBuildAsksTheEngineAgain() {
        FakeEngine engine = new FakeEngine("fake-engine", 0);
        Chorus.Builder builder = Chorus.builder(CONFIG).provider(engine);
        builder.build();
        builder.build();
        assertEquals(2, engine.calls.size());
    }

    @Test
    void nullIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> Chorus.create(null));
        assertThrows(NullPointerException.class, () -> Chorus.builder(null));
        assertThrows(NullPointerException.class, () -> Chorus.builder(CONFIG).provider(null));
        assertThrows(NullPointerException.class, () -> Chorus.builder(CONFIG).classLoader(null));
        assertThrows(NullPointerException.class,
                () -> EngineContext.builder(null).classLoader(ChorusTest.class.getClassLoader()).build());
        assertThrows(NullPointerException.class, () -> EngineContext.builder(CONFIG).classLoader(null).build());
    }
}
