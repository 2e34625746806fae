package io.chorus.core.assembly;

import io.chorus.api.ApiVersion;
import io.chorus.api.Cluster;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineProvider;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.Provider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.RingStrategyProvider;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;

/**
 * Fake providers with a chosen id and priority. They live in the test package, so ServiceLoader
 * never sees them: tests hand them in through the explicit list or a {@link ListSource}.
 */
final class Fakes {
    private Fakes() {
    }

    abstract static class Base implements Provider {
        private final String id;
        private final int priority;
        private String apiVersion = ApiVersion.CURRENT;

        Base(String id, int priority) {
            this.id = id;
            this.priority = priority;
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
        public String apiVersion() {
            return apiVersion;
        }

        /** @return this provider, declaring that it was built for {@code version} */
        @SuppressWarnings("unchecked")
        <T extends Base> T builtFor(String version) {
            this.apiVersion = version;
            return (T) this;
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[" + id + "]";
        }
    }

    static final class TransportA extends Base implements TransportProvider {
        TransportA(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.Transport create(TransportContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class TransportB extends Base implements TransportProvider {
        TransportB(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.Transport create(TransportContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class Discovery extends Base implements DiscoveryProvider {
        Discovery(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.Discovery create(ProviderContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class DetectorA extends Base implements FailureDetectorProvider {
        DetectorA(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.FailureDetector create(ProviderContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class DetectorB extends Base implements FailureDetectorProvider {
        DetectorB(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.FailureDetector create(ProviderContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class Hash extends Base implements HashFunctionProvider {
        Hash(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.HashFunction create(ProviderContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class Ring extends Base implements RingStrategyProvider {
        Ring(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.RingStrategy create(ProviderContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class Signer extends Base implements MessageSignerProvider {
        Signer(String id, int priority) {
            super(id, priority);
        }

        @Override
        public io.chorus.api.spi.MessageSigner create(ProviderContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    static final class Engine extends Base implements EngineProvider {
        Engine() {
            super("engine", 0);
        }

        @Override
        public Cluster create(EngineContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }

    /** Implements only {@link Provider}: of no kind. */
    static final class NoKind extends Base {
        NoKind() {
            super("nothing", 0);
        }
    }

    /** A transport whose {@code id()} throws. */
    static final class BrokenId implements TransportProvider {
        @Override
        public String id() {
            throw new IllegalStateException("no id today");
        }

        @Override
        public io.chorus.api.spi.Transport create(TransportContext context) {
            throw new UnsupportedOperationException("fake");
        }
    }
}
