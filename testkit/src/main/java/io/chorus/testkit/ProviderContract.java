package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chorus.api.spi.Provider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What every provider must do, whatever its kind (the {@code io.chorus.api.spi} package
 * documentation): be a public class with a public no-arg constructor, have a stable id of
 * lowercase letters, digits and dashes, refuse a null context, and be found by
 * {@link ServiceLoader} both on the module path (a {@code provides} in {@code module-info.java})
 * and on the class path (a {@code META-INF/services} file), the two agreeing.
 *
 * <p>Each kind's contract ({@link TransportContract}, {@link HashFunctionContract},
 * {@link DiscoveryContract}, {@link FailureDetectorContract}, {@link MessageSignerContract})
 * extends this one. For a kind without its own contract, such as a ring strategy, extend this
 * directly:
 *
 * <pre>{@code
 * class MyRingProviderTest extends ProviderContract<RingStrategyProvider> {
 *     MyRingProviderTest() {
 *         super(RingStrategyProvider.class);
 *     }
 *
 *     @Override
 *     protected RingStrategyProvider provider() {
 *         return new MyRingProvider();
 *     }
 * }
 * }</pre>
 *
 * @param <P> the provider interface
 */
public abstract class ProviderContract<P extends Provider> {
    /** What an id must look like: a lowercase letter, then up to 63 lowercase letters, digits or dashes. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final Class<P> service;

    /** @param service the provider interface, e.g. {@code TransportProvider.class} */
    protected ProviderContract(Class<P> service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * The provider under test. The contract calls it whenever it needs a provider; returning a new
     * one each time is fine, and so is returning one kept in a field.
     *
     * @return the provider
     */
    protected abstract P provider();

    /**
     * Whether the provider is declared as a service. A test double that is only ever passed in
     * explicitly ({@code Chorus.builder(config).autoDiscovery(false).provider(p)}) returns false,
     * and the ServiceLoader check is skipped.
     *
     * @return true by default
     */
    protected boolean registeredAsService() {
        return true;
    }

    /** @return the provider interface under test */
    protected final Class<P> service() {
        return service;
    }

    /** The id is what a config names to select the provider: well formed and the same every time. */
    @Test
    public void idIsLowercaseDashedAndStable() {
        P p = provider();
        String id = p.id();
        assertNotNull(id, () -> p.getClass().getName() + ".id() returned null");
        assertTrue(ID.matcher(id).matches(), () -> p.getClass().getName() + ".id() is '" + id
                + "': an id is a lowercase letter, then up to 63 lowercase letters, digits or '-'");
        assertEquals(id, p.id(), "id() answers the same every time");
        assertEquals(id, provider().id(), "every instance has the same id");
        assertEquals(p.priority(), provider().priority(), "every instance has the same priority");
    }

    /** ServiceLoader instantiates the class itself, so it must be public with a public no-arg constructor. */
    @Test
    public void isAPublicClassWithAPublicNoArgConstructor() {
        Class<?> type = provider().getClass();
        assertTrue(Modifier.isPublic(type.getModifiers()), () -> type.getName() + " must be a public class");
        assertTrue(!type.isMemberClass() || Modifier.isStatic(type.getModifiers()),
                () -> type.getName() + " is an inner class: a nested provider class must be static");
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            fail(type.getName() + " needs a public no-arg constructor (that does no I/O), for ServiceLoader");
        }
    }

    /** {@code create(null)} fails at once with a NullPointerException, rather than building something half-made. */
    @Test
    public void createRejectsANullContext() throws ReflectiveOperationException {
        Method create = createMethod();
        P p = provider();
        Object made;
        try {
            made = create.invoke(p, (Object) null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            assertTrue(cause instanceof NullPointerException, () -> p.getClass().getName() + ".create(null) threw " + cause
                    + "; it must throw NullPointerException: Objects.requireNonNull(context, \"context\")");
            return;
        }
        if (made instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // only cleaning up what should never have been made
            }
        }
        fail(p.getClass().getName() + ".create(null) returned " + made
                + "; it must throw NullPointerException: Objects.requireNonNull(context, \"context\")");
    }

    /**
     * On the module path only {@code provides} counts, on the class path only
     * {@code META-INF/services}: the provider is in both, they agree, and ServiceLoader finds it.
     */
    @Test
    public void serviceLoaderFindsItOnTheModulePathAndTheClassPath() {
        assumeTrue(registeredAsService(), "the provider is passed in explicitly, not declared as a service");
        P p = provider();
        Class<?> type = p.getClass();
        Module module = type.getModule();
        // a generic loader, as the engine is: an unnamed module needs nothing, a named one adds `uses`
        ProviderContract.class.getModule().addUses(service);
        ServiceLoader<P> loader;
        if (module.isNamed()) {
            ModuleShape shape = ModuleShape.of(module);
            assertTrue(shape.providers(service).contains(type.getName()), () -> "module-info.java of " + module.getName()
                    + " lacks `provides " + service.getName() + " with " + type.getName()
                    + "`: on the module path ServiceLoader reads only that");
            assertTrue(shape.servicesFile(service.getName()).contains(type.getName()), () -> "META-INF/services/"
                    + service.getName() + " of " + module.getName() + " does not list " + type.getName()
                    + ": on the class path ServiceLoader reads only that");
            shape.assertServicesFilesAgreeWithTheDescriptor();
            loader = module.getLayer() != null ? ServiceLoader.load(module.getLayer(), service)
                    : ServiceLoader.load(service, type.getClassLoader());
        } else {
            loader = ServiceLoader.load(service, type.getClassLoader());
        }
        List<ServiceLoader.Provider<P>> found = loader.stream().filter(f -> f.type() == type).toList();
        assertEquals(1, found.size(), () -> "ServiceLoader finds " + type.getName() + " " + found.size()
                + " times; it must find it once (on the class path: list it in META-INF/services/" + service.getName() + ")");
        P loaded = found.get(0).get();
        assertEquals(p.id(), loaded.id(), "the instance ServiceLoader makes has the same id");
    }

    private Method createMethod() {
        List<Method> creates = Arrays.stream(service.getMethods())
                .filter(m -> m.getName().equals("create") && m.getParameterCount() == 1 && !m.getParameterTypes()[0].isPrimitive())
                .toList();
        assertEquals(1, creates.size(), () -> service.getName() + " should have one create(context) method: " + creates);
        return creates.get(0);
    }
}
