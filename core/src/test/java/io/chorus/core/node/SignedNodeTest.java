package io.chorus.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.ClusterStats;
import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.Profile;
import io.chorus.api.ProviderException;
import io.chorus.api.Secret;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Verification;
import io.chorus.testkit.Await;
import io.chorus.testkit.InMemoryTransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node with a secret: it needs a signer, and hands out the signer's keyring. */
class SignedNodeTest {
    private final InMemoryTransportProvider memory = new InMemoryTransportProvider();
    private final List<Cluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(Cluster::close);
    }

    private static ClusterConfig.Builder config(String name) {
        return ClusterConfig.builder(name).profile(Profile.LOCAL).bind("127.0.0.1", 0);
    }

    @Test
    void aSecretWithoutASignerProviderRefusesToStart() {
        ClusterConfig config = config("n1").secret(Secret.ofText("0123456789abcdef")).build();
        ProviderException e = assertThrows(ProviderException.class,
                () -> Chorus.builder(config).autoDiscovery(false).provider(memory).build());
        assertEquals("a secret is configured but no message signer is present: add io.chorus:chorus-security-hmac "
                + "(module io.chorus.security.hmac); the node refuses to start rather than send unsigned traffic; "
                + "auto-discovery is off: register one explicitly, or switch auto-discovery on", e.getMessage());
    }

    @Test
    void withoutASecretThereIsNoKeyring() {
        Cluster n = Chorus.builder(config("n1").build()).autoDiscovery(false).provider(memory).build();
        nodes.add(n);
        n.start();
        assertEquals(Optional.empty(), n.keyring());
    }

    @Test
    void theKeyringIsTheSignersOnceStarted() {
        Keyring keyring = new FixedKeyring();
        MessageSignerProvider provider = new MessageSignerProvider() {
            @Override
            public String id() {
                return "fixed";
            }

            @Override
            public MessageSigner create(ProviderContext context) {
                return new PassSigner(keyring);
            }
        };
        Cluster n = Chorus.builder(config("n1").secret(Secret.ofText("0123456789abcdef")).build())
                .autoDiscovery(false).provider(memory).provider(provider).build();
        nodes.add(n);
        assertEquals(Optional.empty(), n.keyring(), "not started: no signer yet");
        n.start();
        assertSame(keyring, n.keyring().orElseThrow());
        ClusterStats s = n.stats();
        assertEquals(0, s.rejectedMissingTag() + s.rejectedBadTag() + s.rejectedUnknownKey() + s.rejectedReplay());
    }

    @Test
    void eachVerdictIsCountedUnderItsCause() {
        AtomicInteger mode = new AtomicInteger(VALID);
        MessageSignerProvider provider = new MessageSignerProvider() {
            @Override
            public String id() {
                return "scripted";
            }

            @Override
            public MessageSigner create(ProviderContext context) {
                return new ScriptedSigner(mode);
            }
        };
        ClusterConfig.Builder base = config("a").secret(Secret.ofText("0123456789abcdef"));
        Cluster a = Chorus.builder(base.build()).autoDiscovery(false).provider(memory).provider(provider).build();
        nodes.add(a);
        Cluster b = Chorus.builder(base.build().toBuilder().name("b").build()).autoDiscovery(false).provider(memory)
                .provider(provider).build();
        nodes.add(b);
        a.start();
        b.start();
        b.join(List.of(a.localId().address()));
        Await.until("a sees b", () -> a.members().size() == 2);
        mode.set(BAD);
        Await.until("a counts bad tags", () -> a.stats().rejectedBadTag() > 0);
        mode.set(UNKNOWN);
        Await.until("a counts unknown keys", () -> a.stats().rejectedUnknownKey() > 0);
        mode.set(REPLAY);
        Await.until("a counts replays", () -> a.stats().rejectedReplay() > 0);
        mode.set(VALID);
        ClusterStats s = a.stats();
        assertEquals(s.rejected(), s.rejectedMissingTag() + s.rejectedBadTag() + s.rejectedUnknownKey() + s.rejectedReplay(),
                s.toString());
        assertEquals(0, s.rejectedMissingTag(), "every packet carried a trailer");
    }

    private static final int VALID = 7;
    private static final int BAD = 8;
    private static final int UNKNOWN = 9;
    private static final int REPLAY = 10;

    /** Writes the current mode as its one-byte trailer; the receiver turns that byte into a verdict. */
    private record ScriptedSigner(AtomicInteger mode) implements MessageSigner {
        @Override
        public int trailerLength() {
            return 1;
        }

        @Override
        public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
            trailer[trailerOffset] = (byte) mode.get();
        }

        @Override
        public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
            switch (trailer[trailerOffset]) {
                case VALID:
                    return Verification.VALID;
                case UNKNOWN:
                    return Verification.UNKNOWN_KEY;
                case REPLAY:
                    return Verification.REPLAYED;
                default:
                    return Verification.BAD_TAG;
            }
        }
    }

    /** Accepts everything; a stand-in for a real signer. */
    private record PassSigner(Keyring keyring0) implements MessageSigner {
        @Override
        public int trailerLength() {
            return 1;
        }

        @Override
        public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
            trailer[trailerOffset] = 7;
        }

        @Override
        public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
            return trailer[trailerOffset] == 7 ? Verification.VALID : Verification.BAD_TAG;
        }

        @Override
        public Optional<Keyring> keyring() {
            return Optional.of(keyring0);
        }
    }

    private static final class FixedKeyring implements Keyring {
        @Override
        public List<KeyInfo> keys() {
            return List.of(new KeyInfo("00000000", true));
        }

        @Override
        public KeyInfo install(Secret secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void promote(String keyId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String keyId) {
            throw new UnsupportedOperationException();
        }
    }
}
