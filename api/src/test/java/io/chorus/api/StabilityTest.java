package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import java.io.IOException;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every public type of the api says how stable it is, and the levels decided stay as decided. */
class StabilityTest {

    /** @return every public type of the module, nested ones included, as loaded classes */
    static List<Class<?>> publicTypes() throws IOException {
        ResolvedModule module = ModuleLayer.boot().configuration().findModule("io.chorus.api").orElseThrow();
        List<Class<?>> types = new ArrayList<>();
        try (ModuleReader reader = module.reference().open(); Stream<String> entries = reader.list()) {
            for (String entry : (Iterable<String>) entries::iterator) {
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.endsWith("package-info.class")) {
                    continue;
                }
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                Class<?> type;
                try {
                    type = Class.forName(name, false, Chorus.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError("cannot load " + name, e);
                }
                if (isPublicApi(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static boolean isPublicApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyPublicTypeCarriesItsLevel() throws IOException {
        List<Class<?>> types = publicTypes();
        assertTrue(types.size() > 60, () -> "too few public types found: " + types);
        TreeSet<String> missing = new TreeSet<>();
        for (Class<?> type : types) {
            if (type.getAnnotation(Stability.class) == null) {
                missing.add(type.getName());
            }
        }
        assertTrue(missing.isEmpty(), () -> "public api types without @Stability (add @Stability(Stability.Level.STABLE) "
                + "or EXPERIMENTAL, and list it in the README's stability table): " + missing);
    }

    @Test
    void theAnnotationIsDocumentedAndKeptAtRunTime() {
        assertNotNull(Stability.class.getAnnotation(Documented.class), "shown in Javadoc");
        assertEquals(RetentionPolicy.RUNTIME, Stability.class.getAnnotation(Retention.class).value());
    }

    @Test
    void whatIsStableAndWhatMayStillChange() {
        Map<Class<?>, Stability.Level> decided = Map.ofEntries(
                Map.entry(NodeId.class, Stability.Level.STABLE),
                Map.entry(Address.class, Stability.Level.STABLE),
                Map.entry(Member.class, Stability.Level.STABLE),
                Map.entry(MemberState.class, Stability.Level.STABLE),
                Map.entry(ClusterConfig.class, Stability.Level.STABLE),
                Map.entry(Cluster.class, Stability.Level.STABLE),
                Map.entry(Chorus.class, Stability.Level.STABLE),
                Map.entry(ApiVersion.class, Stability.Level.STABLE),
                Map.entry(ProviderChoice.class, Stability.Level.EXPERIMENTAL),
                Map.entry(ClusterEvent.MemberJoined.class, Stability.Level.STABLE),
                Map.entry(Provider.class, Stability.Level.STABLE),
                Map.entry(TransportProvider.class, Stability.Level.STABLE),
                Map.entry(Transport.class, Stability.Level.STABLE),
                Map.entry(FailureDetectorProvider.class, Stability.Level.STABLE),
                Map.entry(ClusterStats.class, Stability.Level.EXPERIMENTAL),
                Map.entry(Message.class, Stability.Level.EXPERIMENTAL),
                Map.entry(MessageHandler.class, Stability.Level.EXPERIMENTAL),
                Map.entry(MemberSetChange.class, Stability.Level.EXPERIMENTAL),
                Map.entry(Keyring.class, Stability.Level.EXPERIMENTAL),
                Map.entry(ClusterEvent.UserEvent.class, Stability.Level.EXPERIMENTAL),
                Map.entry(TransportContext.class, Stability.Level.EXPERIMENTAL),
                Map.entry(ProviderContext.class, Stability.Level.EXPERIMENTAL),
                Map.entry(EngineContext.class, Stability.Level.EXPERIMENTAL),
                Map.entry(Encryption.class, Stability.Level.EXPERIMENTAL),
                Map.entry(io.chorus.api.spi.MessageSealer.class, Stability.Level.EXPERIMENTAL),
                Map.entry(io.chorus.api.spi.ReplayWindow.class, Stability.Level.EXPERIMENTAL));
        decided.forEach((type, level) -> assertEquals(level, type.getAnnotation(Stability.class).value(), type::getName));
    }

    @Test
    void aStableTypeMarksItsExperimentalMethods() throws NoSuchMethodException {
        assertEquals(Stability.Level.EXPERIMENTAL,
                Cluster.class.getMethod("send", NodeId.class, String.class, byte[].class).getAnnotation(Stability.class).value());
        assertEquals(Stability.Level.EXPERIMENTAL, Cluster.class.getMethod("watch", Map.class,
                java.util.function.Consumer.class).getAnnotation(Stability.class).value());
        assertEquals(Stability.Level.EXPERIMENTAL,
                Cluster.class.getMethod("encryption", Encryption.class).getAnnotation(Stability.class).value());
        assertEquals(Stability.Level.EXPERIMENTAL,
                ClusterConfig.class.getMethod("label").getAnnotation(Stability.class).value());
        assertEquals(null, Cluster.class.getMethod("members").getAnnotation(Stability.class),
                "a method without its own level has its type's");
    }
}
