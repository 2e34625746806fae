package io.chorus.core.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.ProviderException;
import io.chorus.api.spi.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DeclaredOptions}: every key of a config's options is read through a declaration, or rejected with advice. */
class DeclaredOptionsTest {
    /** A transport that declares two options. */
    static class Declaring extends Fakes.Base implements io.chorus.api.spi.TransportProvider {
        private final List<Option<?>> options;

        Declaring(String id, List<Option<?>> options) {
            super(id, 0);
            this.options = options;
        }

        @Override
        public List<Option<?>> options() {
            return options;
        }

        @Override
        public io.chorus.api.spi.Transport create(io.chorus.api.spi.TransportContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private static final Option<Integer> BUDGET = Option.integer("transport.fake.packet-budget", 1400, 512, 65_507, "budget");
    private static final Option<Boolean> FLAG = Option.bool("transport.fake.flag", false, "a flag");
    private static final Declaring FAKE = new Declaring("fake", List.of(BUDGET, FLAG));

    private static InvalidConfigException fails(Map<String, String> options, Provider... providers) {
        return assertThrows(InvalidConfigException.class, () -> DeclaredOptions.check(Options.of(options), List.of(providers)));
    }

    @Test
    void declaredKeysWithGoodValuesPass() {
        DeclaredOptions.check(Options.of(Map.of("transport.fake.packet-budget", "512", "transport.fake.flag", "true")),
                List.of(FAKE));
        DeclaredOptions.check(Options.empty(), List.of());
    }

    @Test
    void aBadValueNamesKeyValueAndRange() {
        assertEquals("invalid config: transport.fake.packet-budget = 100: a whole number from 512 to 65507",
                fails(Map.of("transport.fake.packet-budget", "100"), FAKE).getMessage());
    }

    @Test
    void theNearestKeyUnderTheLongestKnownPrefix() {
        assertEquals("invalid config: transport.fake.packet-budgt = 1: unknown option; did you mean "
                + "transport.fake.packet-budget? (the options under transport.fake are declared by module io.chorus.core; "
                + "docs/options.md lists every option)", fails(Map.of("transport.fake.packet-budgt", "1"), FAKE).getMessage());
        // a misspelt middle segment still falls under the shared first one
        assertTrue(fails(Map.of("transport.faek.flag", "1"), FAKE).getMessage()
                .contains("did you mean transport.fake.flag? (the options under transport are declared by"));
    }

    @Test
    void anUnknownPrefixListsWhatIsPresent() {
        String message = fails(Map.of("rign.include-suspect", "true"),
                FAKE, new Declaring("other", List.of(Option.bool("ring.include-suspect", false, "doc"))) { }).getMessage();
        assertEquals("invalid config: rign.include-suspect = true: unknown option: no module present declares options "
                + "under rign; did you mean ring.include-suspect?; the modules present declare module io.chorus.core "
                + "(ring, transport.fake) (docs/options.md lists every option); add the module that reads "
                + "rign.include-suspect, or remove the option", message);
        assertEquals("invalid config: x = 1: unknown option: no module present declares options under x; the modules "
                + "present declare no options (docs/options.md lists every option); add the module that reads x, or "
                + "remove the option", fails(Map.of("x", "1")).getMessage());
    }

    @Test
    void aProviderThatCannotListItsOptionsIsNamed() {
        Declaring broken = new Declaring("broken", null);
        ProviderException e = assertThrows(ProviderException.class,
                () -> DeclaredOptions.check(Options.of(Map.of("a.b", "1")), List.of(broken)));
        assertTrue(e.getMessage().startsWith("the provider " + Declaring.class.getName() + " (module io.chorus.core) listed a null"),
                e.getMessage());
        List<Option<?>> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(ProviderException.class,
                () -> DeclaredOptions.check(Options.empty(), List.of(new Declaring("n", withNull))));
    }

    @Test
    void assemblyChecksTheOptionsOfExcludedProvidersToo() {
        ClusterConfig config = ClusterConfig.builder("n").option("transport.fake.flag", "maybe")
                .exclude("fake").build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Assembly.assemble(config,
                List.of(new Fakes.TransportA("udp", 0), new Fakes.DetectorA("swim", 0)), ListSource.empty().with(FAKE, "x")));
        assertEquals("invalid config: transport.fake.flag = maybe: true or false", e.getMessage());
    }

    @Test
    void editDistance() {
        assertEquals(0, DeclaredOptions.distance("abc", "abc"));
        assertEquals(1, DeclaredOptions.distance("ring.inclde-suspect", "ring.include-suspect"));
        assertEquals(2, DeclaredOptions.distance("ab", "ba"));
        assertEquals(3, DeclaredOptions.distance("", "abc"));
        assertEquals("b.aa", DeclaredOptions.nearest("b.a", List.of("b.ab", "b.aa")));
    }
}
