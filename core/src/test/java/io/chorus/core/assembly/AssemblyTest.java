package io.chorus.core.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ApiVersion;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.ProviderChoice;
import io.chorus.api.ProviderException;
import io.chorus.api.Secret;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.Provider;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The assembly rules, scenario by scenario, with the exact messages users see. */
class AssemblyTest {
    private static final String PKG = "io.chorus.core.assembly.Fakes$";
    private static final String NO_TRANSPORT = "no transport provider found: add io.chorus:chorus-transport-udp "
            + "(module io.chorus.transport.udp) or io.chorus:chorus-transport-tcp (module io.chorus.transport.tcp) "
            + "to the module path";
    private static final String NO_DETECTOR = "no failure detector provider found: add io.chorus:chorus-core "
            + "(module io.chorus.core), which provides swim, phi-accrual and heartbeat, to the module path";
    private static final String NO_SIGNER = "a secret is configured but no message signer is present: add "
            + "io.chorus:chorus-security-hmac (module io.chorus.security.hmac); the node refuses to start rather "
            + "than send unsigned traffic";
    private static final String DISCOVERY_OFF = "; auto-discovery is off: register one explicitly, or switch auto-discovery on";

    private final Fakes.TransportA udp = new Fakes.TransportA("udp", 0);
    private final Fakes.DetectorA swim = new Fakes.DetectorA("swim", 100);

    private static ClusterConfig.Builder config() {
        return ClusterConfig.builder("node-1");
    }

    private static Assembled assemble(ClusterConfig.Builder config, ProviderSource source, Provider... explicit) {
        return Assembly.assemble(config.build(), List.of(explicit), source);
    }

    private static String fails(ClusterConfig.Builder config, ProviderSource source, Provider... explicit) {
        return assertThrows(ProviderException.class, () -> assemble(config, source, explicit)).getMessage();
    }

    @Nested
    class Transport {
        @Test
        void noneFound() {
            assertEquals(NO_TRANSPORT, fails(config(), ListSource.empty(), swim));
        }

        @Test
        void theOnlyOneFoundIsUsed() {
            Fakes.TransportA tcp = new Fakes.TransportA("tcp", -5);
            ListSource source = ListSource.empty().with(tcp, "io.chorus.transport.tcp");
            assertSame(tcp, assemble(config(), source, swim).transport());
        }

        @Test
        void theHighestPriorityWins() {
            Fakes.TransportA tcp = new Fakes.TransportA("tcp", 20);
            ListSource source = ListSource.empty()
                    .with(udp, "io.chorus.transport.udp")
                    .with(tcp, "io.chorus.transport.tcp")
                    .with(new Fakes.TransportB("quic", 10), "com.example.quic");
            assertSame(tcp, assemble(config(), source, swim).transport());
        }

        @Test
        void aTieAtTheTopIsAnError() {
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 10), "io.chorus.transport.udp")
                    .with(new Fakes.TransportB("tcp", 10), "io.chorus.transport.tcp");
            assertEquals("2 transport providers share the highest priority 10; name one in the config (transport) "
                    + "or exclude the others (excludedProviders):\n"
                    + "  - tcp (" + PKG + "TransportB, module io.chorus.transport.tcp)\n"
                    + "  - udp (" + PKG + "TransportA, module io.chorus.transport.udp)",
                    fails(config(), source, swim));
        }

        @Test
        void aTieBelowTheTopIsNoError() {
            Fakes.TransportA top = new Fakes.TransportA("top", 2);
            ListSource source = ListSource.empty()
                    .with(top, "a")
                    .with(new Fakes.TransportA("one", 1), "b")
                    .with(new Fakes.TransportB("two", 1), "c");
            assertSame(top, assemble(config(), source, swim).transport());
        }

        @Test
        void theIdNamedInTheConfigBeatsPriority() {
            Fakes.TransportB tcp = new Fakes.TransportB("tcp", 1);
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 50), "io.chorus.transport.udp")
                    .with(tcp, "io.chorus.transport.tcp");
            assertSame(tcp, assemble(config().transport("tcp"), source, swim).transport());
        }

        @Test
        void twoIdsJoinedByAPlusCarryPacketsAndFrames() {
            Fakes.TransportA udp20 = new Fakes.TransportA("udp", 20);
            Fakes.TransportB tcp = new Fakes.TransportB("tcp", 10);
            ListSource source = ListSource.empty().with(udp20, "io.chorus.transport.udp").with(tcp, "io.chorus.transport.tcp");
            Assembled a = assemble(config().transport("udp+tcp"), source, swim);
            assertSame(udp20, a.transport());
            assertSame(tcp, a.frames().orElseThrow());
        }

        @Test
        void withNoneNamedTheNextByPriorityStandsByForFrames() {
            Fakes.TransportA udp20 = new Fakes.TransportA("udp", 20);
            Fakes.TransportB tcp = new Fakes.TransportB("tcp", 10);
            Fakes.TransportB quic = new Fakes.TransportB("quic", 5);
            ListSource source = ListSource.empty().with(udp20, "a").with(tcp, "b").with(quic, "c");
            Assembled a = assemble(config(), source, swim);
            assertSame(udp20, a.transport());
            assertSame(tcp, a.frames().orElseThrow());
        }

        @Test
        void oneNamedTransportCarriesEverything() {
            ListSource source = ListSource.empty().with(new Fakes.TransportA("udp", 20), "a")
                    .with(new Fakes.TransportB("tcp", 10), "b");
            Assembled a = assemble(config().transport("tcp"), source, swim);
            assertEquals("tcp", a.transport().id());
            assertTrue(a.frames().isEmpty());
        }

        @Test
        void theSecondNamedIdMustBePresentToo() {
            ListSource source = ListSource.empty().with(new Fakes.TransportA("udp", 20), "io.chorus.transport.udp");
            assertTrue(fails(config().transport("udp+tcp"), source, swim)
                    .startsWith("transport provider 'tcp' named in the config (transport) is not present"));
        }

        @Test
        void theIdNamedInTheConfigSettlesATie() {
            Fakes.TransportB tcp = new Fakes.TransportB("tcp", 10);
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 10), "io.chorus.transport.udp")
                    .with(tcp, "io.chorus.transport.tcp");
            assertSame(tcp, assemble(config().transport("tcp"), source, swim).transport());
        }

        @Test
        void aNamedIdThatIsAbsentNamesTheArtifactAndListsWhatWasFound() {
            ListSource source = ListSource.empty().with(udp, "io.chorus.transport.udp");
            assertEquals("transport provider 'tcp' named in the config (transport) is not present; "
                    + "add io.chorus:chorus-transport-tcp (module io.chorus.transport.tcp) to the module path. Found:\n"
                    + "  - udp (" + PKG + "TransportA, module io.chorus.transport.udp)",
                    fails(config().transport("tcp"), source, swim));
        }

        @Test
        void anUnknownNamedIdSaysNoChorusArtifactProvidesIt() {
            assertEquals("transport provider 'quic' named in the config (transport) is not present; "
                    + "no Chorus artifact provides 'quic': add the module that does to the module path, "
                    + "or name one of those found. Found: none",
                    fails(config().transport("quic"), ListSource.empty(), swim));
        }

        @Test
        void anExclusionSettlesATie() {
            Fakes.TransportA udp10 = new Fakes.TransportA("udp", 10);
            ListSource source = ListSource.empty()
                    .with(udp10, "io.chorus.transport.udp")
                    .with(new Fakes.TransportB("tcp", 10), "io.chorus.transport.tcp");
            assertSame(udp10, assemble(config().exclude("tcp"), source, swim).transport());
        }

        @Test
        void excludingTheOnlyOneSaysSo() {
            ListSource source = ListSource.empty().with(udp, "io.chorus.transport.udp");
            assertEquals(NO_TRANSPORT + "; excluded by the config (excludedProviders): udp",
                    fails(config().exclude("udp"), source, swim));
        }

        @Test
        void namingAnExcludedIdIsAContradiction() {
            ListSource source = ListSource.empty().with(udp, "io.chorus.transport.udp");
            assertEquals("the config names transport provider 'udp' (transport) and also excludes it "
                    + "(excludedProviders): remove one of the two",
                    fails(config().transport("udp").exclude("udp"), source, swim));
        }
    }

    @Nested
    class FailureDetector {
        @Test
        void noneFound() {
            assertEquals(NO_DETECTOR, fails(config(), ListSource.empty(), udp));
        }

        @Test
        void theOnlyOneFoundIsUsed() {
            assertSame(swim, assemble(config(), ListSource.empty(), udp, swim).failureDetector());
        }

        @Test
        void theHighestPriorityWinsAndANamedOneBeatsIt() {
            Fakes.DetectorA phi = new Fakes.DetectorA("phi-accrual", 50);
            Fakes.DetectorA heartbeat = new Fakes.DetectorA("heartbeat", 10);
            ListSource source = ListSource.empty()
                    .with(swim, "io.chorus.core")
                    .with(phi, "io.chorus.core")
                    .with(heartbeat, "io.chorus.core");
            assertSame(swim, assemble(config(), source, udp).failureDetector());
            assertSame(heartbeat, assemble(config().failureDetector("heartbeat"), source, udp).failureDetector());
            assertSame(phi, assemble(config().exclude("swim"), source, udp).failureDetector());
        }

        @Test
        void aTieAtTheTopIsAnError() {
            ListSource source = ListSource.empty()
                    .with(new Fakes.DetectorA("swim", 100), "io.chorus.core")
                    .with(new Fakes.DetectorB("lifeguard", 100), "com.example.lifeguard");
            assertEquals("2 failure detector providers share the highest priority 100; name one in the config "
                    + "(failureDetector) or exclude the others (excludedProviders):\n"
                    + "  - lifeguard (" + PKG + "DetectorB, module com.example.lifeguard)\n"
                    + "  - swim (" + PKG + "DetectorA, module io.chorus.core)",
                    fails(config(), source, udp));
        }

        @Test
        void aNamedIdThatIsAbsentNamesCore() {
            ListSource source = ListSource.empty().with(swim, "io.chorus.core");
            assertEquals("failure detector provider 'phi-accrual' named in the config (failureDetector) is not present; "
                    + "add io.chorus:chorus-core (module io.chorus.core) to the module path. Found:\n"
                    + "  - swim (" + PKG + "DetectorA, module io.chorus.core)",
                    fails(config().failureDetector("phi-accrual"), source, udp));
        }

        @Test
        void excludingEveryDetectorSaysWhichWereExcluded() {
            ListSource source = ListSource.empty()
                    .with(swim, "io.chorus.core")
                    .with(new Fakes.DetectorA("heartbeat", 10), "io.chorus.core");
            assertEquals(NO_DETECTOR + "; excluded by the config (excludedProviders): heartbeat, swim",
                    fails(config().exclude("swim").exclude("heartbeat"), source, udp));
        }
    }

    @Nested
    class Hashing {
        @Test
        void noneFoundIsFine() {
            Assembled assembled = assemble(config(), ListSource.empty(), udp, swim);
            assertEquals(Optional.empty(), assembled.hashFunction());
            assertEquals(Optional.empty(), assembled.ringStrategy());
        }

        @Test
        void oneOfEachIsUsed() {
            Fakes.Hash xxhash = new Fakes.Hash("xxhash64", 0);
            Fakes.Ring vnode = new Fakes.Ring("vnode", 0);
            ListSource source = ListSource.empty().with(xxhash, "io.chorus.hashing").with(vnode, "io.chorus.hashing");
            Assembled assembled = assemble(config(), source, udp, swim);
            assertSame(xxhash, assembled.hashFunction().orElseThrow());
            assertSame(vnode, assembled.ringStrategy().orElseThrow());
        }

        @Test
        void anExclusionRemovesTheIdFromEveryKind() {
            ListSource source = ListSource.empty()
                    .with(new Fakes.Hash("combo", 0), "com.example")
                    .with(new Fakes.Ring("combo", 0), "com.example");
            Assembled kept = assemble(config(), source, udp, swim);
            assertTrue(kept.hashFunction().isPresent() && kept.ringStrategy().isPresent());
            Assembled assembled = assemble(config().exclude("combo"), source, udp, swim);
            assertEquals(Optional.empty(), assembled.hashFunction());
            assertEquals(Optional.empty(), assembled.ringStrategy());
        }

        @Test
        void aTieIsAnErrorEvenForAnOptionalKind() {
            ListSource source = ListSource.empty()
                    .with(new Fakes.Hash("xxhash64", 0), "io.chorus.hashing")
                    .with(new Fakes.Hash("murmur3", 0), "io.chorus.hashing");
            assertEquals("2 hash function providers share the highest priority 0; name one in the config "
                    + "(hashFunction) or exclude the others (excludedProviders):\n"
                    + "  - murmur3 (" + PKG + "Hash, module io.chorus.hashing)\n"
                    + "  - xxhash64 (" + PKG + "Hash, module io.chorus.hashing)",
                    fails(config(), source, udp, swim));
        }

        @Test
        void aNamedIdThatIsAbsentNamesTheHashingArtifact() {
            ListSource source = ListSource.empty().with(new Fakes.Hash("xxhash64", 0), "io.chorus.hashing");
            assertEquals("hash function provider 'murmur3' named in the config (hashFunction) is not present; "
                    + "add io.chorus:chorus-hashing (module io.chorus.hashing) to the module path. Found:\n"
                    + "  - xxhash64 (" + PKG + "Hash, module io.chorus.hashing)",
                    fails(config().hashFunction("murmur3"), source, udp, swim));
            assertEquals("ring strategy provider 'maglev' named in the config (ringStrategy) is not present; "
                    + "add io.chorus:chorus-hashing (module io.chorus.hashing) to the module path. Found: none",
                    fails(config().ringStrategy("maglev"), source, udp, swim));
        }
    }

    @Nested
    class Discovery {
        private final Fakes.Discovery fixed = new Fakes.Discovery("static", 0);
        private final Fakes.Discovery dns = new Fakes.Discovery("dns", 0);
        private final Fakes.Discovery cloud = new Fakes.Discovery("cloud", 5);
        private final ListSource source = ListSource.empty()
                .with(fixed, "io.chorus.discovery.fixed")
                .with(dns, "io.chorus.discovery.dns")
                .with(cloud, "com.example.cloud");

        @Test
        void noneFoundIsFine() {
            assertEquals(List.of(), assemble(config(), ListSource.empty(), udp, swim).discovery());
        }

        @Test
        void everyOneFoundIsUsedByPriorityThenId() {
            assertEquals(List.of(cloud, dns, fixed), assemble(config(), source, udp, swim).discovery());
        }

        @Test
        void exactlyThoseNamedAreUsedInTheConfigOrder() {
            assertEquals(List.of(fixed, dns),
                    assemble(config().discovery(List.of("static", "dns")), source, udp, swim).discovery());
        }

        @Test
        void excludedOnesAreLeftOut() {
            assertEquals(List.of(cloud, fixed), assemble(config().exclude("dns"), source, udp, swim).discovery());
        }

        @Test
        void aNamedIdThatIsAbsentNamesTheArtifact() {
            ListSource onlyStatic = ListSource.empty().with(fixed, "io.chorus.discovery.fixed");
            assertEquals("discovery provider 'dns' named in the config (discovery) is not present; "
                    + "add io.chorus:chorus-discovery-dns (module io.chorus.discovery.dns) to the module path. Found:\n"
                    + "  - static (" + PKG + "Discovery, module io.chorus.discovery.fixed)",
                    fails(config().discovery(List.of("static", "dns")), onlyStatic, udp, swim));
        }
    }

    @Nested
    class Signing {
        private final Secret secret = Secret.ofText("0123456789abcdef");
        private final Fakes.Signer hmac = new Fakes.Signer("hmac-sha256", 0);

        @Test
        void aSecretWithoutASignerRefusesToStart() {
            assertEquals(NO_SIGNER, fails(config().secret(secret), ListSource.empty(), udp, swim));
        }

        @Test
        void aSecretWithASignerUsesIt() {
            ListSource source = ListSource.empty().with(hmac, "io.chorus.security.hmac");
            assertSame(hmac, assemble(config().secret(secret), source, udp, swim).signer().orElseThrow());
        }

        @Test
        void aSecretWithTiedSignersIsAnError() {
            ListSource source = ListSource.empty()
                    .with(hmac, "io.chorus.security.hmac")
                    .with(new Fakes.Signer("blake3", 0), "com.example.blake");
            assertEquals("2 message signer providers share the highest priority 0; name one in the config (signer) "
                    + "or exclude the others (excludedProviders):\n"
                    + "  - blake3 (" + PKG + "Signer, module com.example.blake)\n"
                    + "  - hmac-sha256 (" + PKG + "Signer, module io.chorus.security.hmac)",
                    fails(config().secret(secret), source, udp, swim));
            assertSame(hmac, assemble(config().secret(secret).signer("hmac-sha256"), source, udp, swim).signer().orElseThrow());
        }

        @Test
        void aSecretWithANamedSignerThatIsAbsent() {
            ListSource source = ListSource.empty().with(new Fakes.Signer("blake3", 0), "com.example.blake");
            assertEquals("message signer provider 'hmac' named in the config (signer) is not present; "
                    + "add io.chorus:chorus-security-hmac (module io.chorus.security.hmac) to the module path. Found:\n"
                    + "  - blake3 (" + PKG + "Signer, module com.example.blake)",
                    fails(config().secret(secret).signer("hmac"), source, udp, swim));
        }

        @Test
        void withoutASecretNoSignerIsUsedWhateverIsPresent() {
            ListSource source = ListSource.empty()
                    .with(hmac, "io.chorus.security.hmac")
                    .with(new Fakes.Signer("blake3", 0), "com.example.blake");
            assertEquals(Optional.empty(), assemble(config(), source, udp, swim).signer());
        }

        @Test
        void namingASignerWithoutASecretIsAConfigError() {
            ListSource source = ListSource.empty().with(hmac, "io.chorus.security.hmac");
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> assemble(config().signer("hmac-sha256"), source, udp, swim));
            assertEquals("signer", e.field());
            assertEquals("invalid config: signer = 'hmac-sha256': a message signer signs with the cluster secret: "
                    + "set a secret, or remove signer", e.getMessage());
        }
    }

    @Nested
    class Validation {
        private static final String RULE =
                "a provider id is 1 to 64 lowercase letters, digits and '-', starting with a letter";

        @Test
        void anInvalidIdNamesTheClassAndTheId() {
            ListSource source = ListSource.empty().with(new Fakes.TransportA("UDP", 0), "com.example");
            assertEquals("the transport provider " + PKG + "TransportA (module com.example) has an invalid id 'UDP': " + RULE,
                    fails(config(), source, swim));
            String tooLong = "a" + "b".repeat(64);
            source = ListSource.empty().with(new Fakes.TransportA(tooLong, 0), "com.example");
            assertEquals("the transport provider " + PKG + "TransportA (module com.example) has an invalid id '"
                    + tooLong + "': " + RULE, fails(config(), source, swim));
            source = ListSource.empty().with(new Fakes.TransportA("9lives", 0), "com.example");
            assertEquals("the transport provider " + PKG + "TransportA (module com.example) has an invalid id '9lives': "
                    + RULE, fails(config(), source, swim));
        }

        @Test
        void aBlankOrMissingIdIsAnError() {
            ListSource source = ListSource.empty().with(new Fakes.Hash(" ", 0), "com.example");
            assertEquals("the hash function provider " + PKG + "Hash (module com.example) has a blank id ' ': " + RULE,
                    fails(config(), source, udp, swim));
            source = ListSource.empty().with(new Fakes.Hash("", 0), "com.example");
            assertEquals("the hash function provider " + PKG + "Hash (module com.example) has a blank id '': " + RULE,
                    fails(config(), source, udp, swim));
            assertEquals("the transport provider " + PKG + "TransportA (module io.chorus.core) has no id (id() returned null): "
                    + RULE, fails(config(), ListSource.empty(), new Fakes.TransportA(null, 0), swim));
        }

        @Test
        void anIdThatThrowsIsReported() {
            assertEquals("the transport provider " + PKG + "BrokenId (module io.chorus.core) failed to report its id "
                    + "or priority: java.lang.IllegalStateException: no id today",
                    fails(config(), ListSource.empty(), new Fakes.BrokenId(), swim));
        }

        @Test
        void twoDiscoveredClassesWithOneIdAreAnError() {
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 0), "io.chorus.transport.udp")
                    .with(new Fakes.TransportB("udp", 0), "com.example.udp");
            assertEquals("two transport providers have the id 'udp'; remove one of them from the module path, "
                    + "or register the one to use explicitly:\n"
                    + "  - udp (" + PKG + "TransportA, module io.chorus.transport.udp)\n"
                    + "  - udp (" + PKG + "TransportB, module com.example.udp)",
                    fails(config(), source, swim));
        }

        @Test
        void twoRegisteredClassesWithOneIdAreAnError() {
            assertEquals("two transport providers have the id 'udp'; register only one of them:\n"
                    + "  - udp (" + PKG + "TransportA, module io.chorus.core)\n"
                    + "  - udp (" + PKG + "TransportB, module io.chorus.core)",
                    fails(config(), ListSource.empty(), udp, new Fakes.TransportB("udp", 0), swim));
        }

        @Test
        void theSameClassFoundTwiceCountsOnce() {
            Fakes.TransportA first = new Fakes.TransportA("udp", 0);
            ListSource source = ListSource.empty()
                    .with(first, "io.chorus.transport.udp")
                    .with(new Fakes.TransportA("udp", 0), "io.chorus.transport.udp");
            assertSame(first, assemble(config(), source, swim).transport());
            assertSame(udp, assemble(config(), source.with(udp, "x"), udp, swim).transport());
        }

        @Test
        void oneClassWithTwoIdsGivesTwoProviders() {
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 0), "com.example")
                    .with(new Fakes.TransportA("tcp", 0), "com.example");
            String message = fails(config(), source, swim);
            assertTrue(message.startsWith("2 transport providers share the highest priority 0"), message);
        }

        @Test
        void aRegisteredProviderReplacesDiscoveredOnesWithItsId() {
            Fakes.TransportB mine = new Fakes.TransportB("udp", 0);
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 50), "io.chorus.transport.udp")
                    .with(new Fakes.TransportA("tcp", 10), "io.chorus.transport.tcp");
            assertSame(mine, assemble(config().transport("udp"), source, mine, swim).transport());
            // without naming it, the registered one still takes the discovered one's place, priority and all
            assertSame(source.find(io.chorus.api.spi.TransportProvider.class).get(1).provider(),
                    assemble(config(), source, mine, swim).transport());
        }

        @Test
        void aRegisteredProviderSettlesAnIdConflictAmongDiscoveredOnes() {
            Fakes.TransportB mine = new Fakes.TransportB("udp", 0);
            ListSource source = ListSource.empty()
                    .with(new Fakes.TransportA("udp", 0), "io.chorus.transport.udp")
                    .with(new Fakes.DetectorB("udp", 0), "com.example")
                    .with(new Fakes.Hash("udp", 0), "com.example");
            Assembled assembled = assemble(config(), source, mine, swim);
            assertSame(mine, assembled.transport());
        }

        @Test
        void idsNeedOnlyBeUniqueWithinAKind() {
            Fakes.TransportA fake = new Fakes.TransportA("fake", 0);
            Fakes.DetectorA fakeDetector = new Fakes.DetectorA("fake", 0);
            Assembled assembled = assemble(config(), ListSource.empty(), fake, fakeDetector);
            assertSame(fake, assembled.transport());
            assertSame(fakeDetector, assembled.failureDetector());
        }

        @Test
        void aRegisteredProviderOfNoKindIsAnError() {
            assertEquals("the provider " + PKG + "NoKind (module io.chorus.core) registered explicitly implements no "
                    + "provider kind: implement one of io.chorus.api.spi.TransportProvider, "
                    + "io.chorus.api.spi.DiscoveryProvider, io.chorus.api.spi.FailureDetectorProvider, "
                    + "io.chorus.api.spi.HashFunctionProvider, io.chorus.api.spi.RingStrategyProvider, "
                    + "io.chorus.api.spi.MessageSignerProvider",
                    fails(config(), ListSource.empty(), udp, swim, new Fakes.NoKind()));
        }

        @Test
        void aRegisteredEngineIsNoConcernOfAssembly() {
            assertSame(udp, assemble(config(), ListSource.empty(), new Fakes.Engine(), udp, swim).transport());
        }
    }

    @Nested
    class Choices {
        private static final String FAKES = "io.chorus.core.assembly.Fakes$";

        private ProviderChoice choice(Assembled a, ProviderChoice.Kind kind) {
            List<ProviderChoice> of = a.choices().stream().filter(c -> c.kind() == kind).collect(Collectors.toList());
            assertEquals(1, of.size(), () -> kind + " in " + a.choices());
            return of.get(0);
        }

        @Test
        void namedInTheConfig() {
            Fakes.TransportB tcp = new Fakes.TransportB("tcp", 1);
            ListSource source = ListSource.empty().with(udp, "io.chorus.transport.udp").with(tcp, "io.chorus.transport.tcp");
            ProviderChoice c = choice(assemble(config().transport("tcp"), source, swim), ProviderChoice.Kind.TRANSPORT);
            assertEquals(ProviderChoice.of(ProviderChoice.Kind.TRANSPORT, "tcp", FAKES + "TransportB",
                    "module io.chorus.transport.tcp", ProviderChoice.Reason.NAMED, "named in the config (transport = tcp)"), c);
            assertEquals("transport tcp (" + FAKES + "TransportB, module io.chorus.transport.tcp): named in the config "
                    + "(transport = tcp)", c.toString());
            ProviderChoice detector = choice(assemble(config().failureDetector("swim"), ListSource.empty(), udp, swim),
                    ProviderChoice.Kind.FAILURE_DETECTOR);
            assertEquals(ProviderChoice.Reason.NAMED, detector.reason());
            assertEquals("named in the config (failureDetector = swim)", detector.explanation());
        }

        @Test
        void theOnlyOneFound() {
            Assembled a = assemble(config(), ListSource.empty(), udp, swim);
            ProviderChoice transport = choice(a, ProviderChoice.Kind.TRANSPORT);
            assertEquals(ProviderChoice.Reason.ONLY_ONE, transport.reason());
            assertEquals("the only one found", transport.explanation());
            assertEquals("udp", transport.id());
            assertEquals(FAKES + "TransportA", transport.type());
            assertEquals("module io.chorus.core", transport.origin(), "a registered fake lives in core's test classes");
            assertEquals(ProviderChoice.Reason.ONLY_ONE, choice(a, ProviderChoice.Kind.FAILURE_DETECTOR).reason());
            assertEquals(List.of(ProviderChoice.Kind.TRANSPORT, ProviderChoice.Kind.FAILURE_DETECTOR),
                    a.choices().stream().map(ProviderChoice::kind).collect(Collectors.toList()),
                    "no hashing, no signer, no discovery: nothing listed for them");
        }

        @Test
        void theHighestPriorityAmongSeveral() {
            ListSource source = ListSource.empty()
                    .with(swim, "io.chorus.core")
                    .with(new Fakes.DetectorA("phi-accrual", 50), "io.chorus.core")
                    .with(new Fakes.DetectorA("heartbeat", 10), "io.chorus.core");
            ProviderChoice c = choice(assemble(config(), source, udp), ProviderChoice.Kind.FAILURE_DETECTOR);
            assertEquals(ProviderChoice.of(ProviderChoice.Kind.FAILURE_DETECTOR, "swim", FAKES + "DetectorA",
                    "module io.chorus.core", ProviderChoice.Reason.HIGHEST_PRIORITY,
                    "highest priority 100 among swim 100, phi-accrual 50, heartbeat 10"), c);
        }

        @Test
        void aTransportForFramesAndEveryKindInOrder() {
            Fakes.TransportA udp20 = new Fakes.TransportA("udp", 20);
            Fakes.TransportB tcp = new Fakes.TransportB("tcp", 10);
            ListSource source = ListSource.empty()
                    .with(udp20, "io.chorus.transport.udp").with(tcp, "io.chorus.transport.tcp")
                    .with(new Fakes.Discovery("static", 0), "io.chorus.discovery.fixed")
                    .with(new Fakes.Discovery("dns", 0), "io.chorus.discovery.dns")
                    .with(new Fakes.Hash("xxhash64", 0), "io.chorus.hashing")
                    .with(new Fakes.Ring("vnode", 0), "io.chorus.hashing")
                    .with(new Fakes.Signer("hmac", 0), "io.chorus.security.hmac");
            Assembled a = assemble(config().secret(Secret.ofText("0123456789abcdef")), source, swim);
            assertEquals(List.of("transport udp: highest priority 20 among udp 20, tcp 10",
                    "frames tcp: next by priority after udp, which carries no frames",
                    "discovery dns: every one found",
                    "discovery static: every one found",
                    "failure detector swim: the only one found",
                    "hash function xxhash64: the only one found",
                    "ring strategy vnode: the only one found",
                    "message signer hmac: the only one found"),
                    a.choices().stream().map(c -> c.kind().label() + " " + c.id() + ": " + c.explanation())
                            .collect(Collectors.toList()));
            Assembled named = assemble(config().transport("udp+tcp").discovery(List.of("static")), source, swim);
            assertEquals("named in the config (transport = udp+tcp)", choice(named, ProviderChoice.Kind.FRAMES).explanation());
            assertEquals(ProviderChoice.Reason.NAMED, choice(named, ProviderChoice.Kind.DISCOVERY).reason());
            assertEquals("named in the config (discovery = static)", choice(named, ProviderChoice.Kind.DISCOVERY).explanation());
        }

        @Test
        void theEngineChoiceComesFirst() {
            ProviderChoice engine = ProviderChoice.of(ProviderChoice.Kind.ENGINE, "core", "io.chorus.core.CoreEngineProvider",
                    "module io.chorus.core", ProviderChoice.Reason.ONLY_ONE, "the only one found");
            EngineContext ctx = EngineContext.builder(config().build()).autoDiscovery(false).providers(List.of(udp, swim))
                    .engineChoice(engine).build();
            Assembled a = Assembly.assemble(ctx);
            assertEquals(engine, a.choices().get(0));
            assertEquals(3, a.choices().size());
        }
    }

    @Nested
    class ApiVersions {
        private final ApiVersion present = ApiVersion.present();
        private final String newer = present.major() + "." + (present.minor() + 1);

        @Test
        void aSelectedProviderBuiltForANewerApiIsRefused() {
            Fakes.TransportB quic = new Fakes.TransportB("quic", 50).builtFor(newer);
            ListSource source = ListSource.empty().with(udp, "io.chorus.transport.udp").with(quic, "com.example.quic");
            assertEquals("the transport provider 'quic' (" + PKG + "TransportB, module com.example.quic) was built for "
                    + "Chorus api " + newer + ", newer than the api present (" + present + ", io.chorus:chorus-api): "
                    + "upgrade io.chorus:chorus-api and io.chorus:chorus-core to a release of api " + newer + " or later, "
                    + "or use a release of this provider built for api " + present + " or earlier",
                    fails(config(), source, swim));
            assertTrue(fails(config().transport("quic"), source, swim).startsWith("the transport provider 'quic'"),
                    "named in the config, it is refused too");
        }

        @Test
        void oneThatIsNotSelectedStandsInNobodysWay() {
            Fakes.TransportB quic = new Fakes.TransportB("quic", 5).builtFor(newer);
            Fakes.TransportA udp20 = new Fakes.TransportA("udp", 20);
            Fakes.TransportA tcp10 = new Fakes.TransportA("tcp", 10);
            ListSource source = ListSource.empty().with(udp20, "a").with(tcp10, "b").with(quic, "com.example.quic");
            Assembled a = assemble(config(), source, swim);
            assertSame(udp20, a.transport());
            assertSame(tcp10, a.frames().orElseThrow());
            assertSame(udp20, assemble(config().exclude("quic"), source, swim).transport());
        }

        @Test
        void everyKindIsChecked() {
            Fakes.Discovery cloud = new Fakes.Discovery("cloud", 0).builtFor(newer);
            assertTrue(fails(config(), ListSource.empty().with(cloud, "com.example.cloud"), udp, swim)
                    .startsWith("the discovery provider 'cloud' (" + PKG + "Discovery, module com.example.cloud) was built "
                            + "for Chorus api " + newer + ", newer than the api present"));
            Fakes.DetectorB lifeguard = new Fakes.DetectorB("lifeguard", 200).builtFor(newer);
            assertTrue(fails(config(), ListSource.empty().with(lifeguard, "com.example"), udp, swim)
                    .startsWith("the failure detector provider 'lifeguard'"));
            Fakes.Signer signer = new Fakes.Signer("hmac", 0).builtFor(newer);
            assertTrue(fails(config().secret(Secret.ofText("0123456789abcdef")), ListSource.empty().with(signer, "x"), udp, swim)
                    .startsWith("the message signer provider 'hmac'"));
        }

        @Test
        void olderMinorVersionsRunAndAnotherMajorVersionDoesNot() {
            Fakes.Hash old = new Fakes.Hash("xxhash64", 0).builtFor(present.major() + ".0");
            assertSame(old, assemble(config(), ListSource.empty().with(old, "io.chorus.hashing"), udp, swim)
                    .hashFunction().orElseThrow());
            Fakes.Hash nextMajor = new Fakes.Hash("murmur3", 0).builtFor((present.major() + 1) + ".0");
            assertTrue(fails(config(), ListSource.empty().with(nextMajor, "io.chorus.hashing"), udp, swim)
                    .contains("was built for Chorus api " + (present.major() + 1) + ".0, newer than the api present"));
            if (present.major() > 0) {
                Fakes.Hash lastMajor = new Fakes.Hash("md5", 0).builtFor((present.major() - 1) + ".9");
                assertTrue(fails(config(), ListSource.empty().with(lastMajor, "io.chorus.hashing"), udp, swim)
                        .contains("an older major version than the api present"));
            }
        }

        @Test
        void aMalformedVersionIsAnErrorWhereverTheProviderStands() {
            Fakes.TransportB odd = new Fakes.TransportB("odd", -1).builtFor("0.1.0");
            assertEquals("the transport provider " + PKG + "TransportB (module com.example) declares no valid api version: "
                    + "'0.1.0' is not an api version: MAJOR.MINOR, such as " + ApiVersion.CURRENT + "; a provider returns "
                    + "ApiVersion.CURRENT from apiVersion(), or does not override it",
                    fails(config(), ListSource.empty().with(udp, "u").with(odd, "com.example"), swim));
            Fakes.TransportB none = new Fakes.TransportB("none", -1).builtFor(null);
            assertTrue(fails(config(), ListSource.empty().with(udp, "u").with(none, "com.example"), swim)
                    .contains("declares no valid api version: apiVersion() returned null"));
        }
    }

    @Nested
    class ExplicitRegistration {
        private final ClassLoader loader = AssemblyTest.class.getClassLoader();

        private EngineContext withoutDiscovery(ClusterConfig config, Provider... providers) {
            return EngineContext.builder(config).autoDiscovery(false).providers(List.of(providers)).classLoader(loader).build();
        }

        @Test
        void withAutoDiscoveryOffOnlyRegisteredProvidersAreUsed() {
            Fakes.Hash hash = new Fakes.Hash("xxhash64", 0);
            Fakes.Discovery seeds = new Fakes.Discovery("static", 0);
            Assembled assembled = Assembly.assemble(
                    withoutDiscovery(config().build(), udp, swim, hash, seeds));
            assertSame(udp, assembled.transport());
            assertSame(swim, assembled.failureDetector());
            assertSame(hash, assembled.hashFunction().orElseThrow());
            assertEquals(List.of(seeds), assembled.discovery());
            assertEquals(Optional.empty(), assembled.ringStrategy());
            assertEquals(Optional.empty(), assembled.signer());
        }

        @Test
        void withAutoDiscoveryOffCoresOwnDetectorsAreNotFound() {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> Assembly.assemble(withoutDiscovery(config().build(), udp)));
            assertEquals(NO_DETECTOR + DISCOVERY_OFF, e.getMessage());
        }

        @Test
        void withAutoDiscoveryOffMessagesSaySo() {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> Assembly.assemble(withoutDiscovery(config().transport("tcp").build(), udp, swim)));
            assertEquals("transport provider 'tcp' named in the config (transport) is not present; "
                    + "add io.chorus:chorus-transport-tcp (module io.chorus.transport.tcp) to the module path"
                    + DISCOVERY_OFF + ". Found:\n"
                    + "  - udp (" + PKG + "TransportA, module io.chorus.core)", e.getMessage());
            e = assertThrows(ProviderException.class,
                    () -> Assembly.assemble(withoutDiscovery(config().build(), swim)));
            assertEquals(NO_TRANSPORT + DISCOVERY_OFF, e.getMessage());
        }
    }
}
