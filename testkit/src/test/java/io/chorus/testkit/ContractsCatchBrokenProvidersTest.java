package io.chorus.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chorus.api.Address;
import io.chorus.api.NodeId;
import io.chorus.api.spi.Discovery;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.FailureDetector;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.MessageSigner;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.ProviderContext;
import io.chorus.api.spi.Transport;
import io.chorus.api.spi.TransportContext;
import io.chorus.api.spi.TransportProvider;
import io.chorus.api.spi.TransportReceiver;
import io.chorus.api.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each contract fails a provider with the bug it is there to catch: a contract that passes
 * everything would check nothing. Each case breaks one promise of an otherwise sound provider and
 * runs the one check that guards it; a skipped check (an assumption) would not count as caught.
 */
class ContractsCatchBrokenProvidersTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    private static void caught(Executable check) {
        assertThrows(AssertionError.class, check);
    }

    // ------------------------------------------------------------------ every provider

    @Test
    void aBadIdANullContextAcceptedAndAHiddenClassAreCaught() {
        caught(() -> hashes(new Fnv64(), "Bad_Id").idIsLowercaseDashedAndStable());
        caught(() -> hashes(new Fnv64(), "fnv").createRejectsANullContext());
        HashFunctionContract hidden = new HashFunctionContract() {
            @Override
            protected HashFunctionProvider provider() {
                return new HashFunctionProvider() {
                    @Override
                    public String id() {
                        return "hidden";
                    }

                    @Override
                    public HashFunction create(ProviderContext context) {
                        return new Fnv64();
                    }
                };
            }
        };
        caught(hidden::isAPublicClassWithAPublicNoArgConstructor);
    }

    // ------------------------------------------------------------------ hash functions

    /** FNV-1a, 64 bits, with text hashed as UTF-16 units unless told to encode UTF-8. */
    static class Fnv64 implements HashFunction {
        @Override
        public long hash(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            long h = 0xcbf29ce484222325L;
            for (int i = offset; i < offset + length; i++) {
                h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
            }
            return h;
        }

        @Override
        public long hash(CharSequence text) {
            byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
            return hash(b, 0, b.length);
        }
    }

    static HashFunctionContract hashes(HashFunction f, String id) {
        return new HashFunctionContract() {
            @Override
            protected HashFunctionProvider provider() {
                return new FixedHashProvider(id, () -> f);
            }
        };
    }

    static HashFunctionContract hashes(HashFunction f) {
        return hashes(f, "broken");
    }

    /** Hands out what it is given, even for a null context. */
    public static final class FixedHashProvider implements HashFunctionProvider {
        private final String id;
        private final java.util.function.Supplier<HashFunction> function;

        /** For the contract's constructor check. */
        public FixedHashProvider() {
            this("fixed", Fnv64::new);
        }

        FixedHashProvider(String id, java.util.function.Supplier<HashFunction> function) {
            this.id = id;
            this.function = function;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public HashFunction create(ProviderContext context) {
            return function.get();
        }
    }

    @Test
    void hashBugsAreCaught() {
        caught(() -> hashes(new Fnv64() {
            @Override
            public long hash(byte[] data, int offset, int length) {
                return super.hash(data, 0, length); // the offset ignored
            }
        }).aRangeHashesLikeACopyOfItsBytes());
        caught(() -> hashes(new Fnv64() {
            @Override
            public long hash(CharSequence text) {
                byte[] b = text.toString().getBytes(StandardCharsets.UTF_16BE); // not UTF-8
                return hash(b, 0, b.length);
            }
        }).textHashesAsItsUtf8Bytes());
        caught(() -> hashes(new Fnv64() {
            @Override
            public long hash(CharSequence text) {
                byte[] b = text.toString().replaceAll("\\p{Cs}", "").getBytes(StandardCharsets.UTF_8); // lone surrogates dropped
                return hash(b, 0, b.length);
            }
        }).textHashesAsItsUtf8Bytes());
        caught(() -> hashes(new Fnv64() {
            @Override
            public long hash(byte[] data, int offset, int length) {
                return super.hash(data, offset, Math.min(length, 8)); // only a prefix
            }
        }).everyByteCounts());
        caught(() -> hashes(new Fnv64() {
            @Override
            public long hash(byte[] data, int offset, int length) {
                return super.hash(data, offset, length) & 0xFFFF_FFFFL; // 32 bits
            }
        }).spreadsKeysAcrossThe64BitRange());
        caught(() -> hashes(new Fnv64() {
            @Override
            public long hash(byte[] data, int offset, int length) {
                long h = 0;
                for (int i = offset; i < offset + length; i++) {
                    h = h * 31 + (data[i] & 0xff); // String.hashCode's polynomial
                }
                return h;
            }
        }).spreadsKeysAcrossThe64BitRange());
        caught(() -> hashes(new Fnv64()).hashingAllocatesNothing()); // its text hashing copies to a byte[]
        HashFunctionContract seeded = new HashFunctionContract() {
            private long seed;

            @Override
            protected HashFunctionProvider provider() {
                long s = ++seed;
                return new FixedHashProvider("seeded", () -> new Fnv64() {
                    @Override
                    public long hash(byte[] data, int offset, int length) {
                        return super.hash(data, offset, length) ^ s; // a seed per instance: nodes disagree
                    }
                });
            }
        };
        caught(seeded::isDeterministicAcrossInstances);
    }

    // ------------------------------------------------------------------ transports

    /** A transport that wraps an in-memory one and breaks one thing. */
    static class Wrapped implements Transport {
        final Transport t;

        Wrapped(Transport t) {
            this.t = t;
        }

        @Override
        public Address localAddress() {
            return t.localAddress();
        }

        @Override
        public int packetBudget() {
            return t.packetBudget();
        }

        @Override
        public void sendPacket(Address to, byte[] data, int offset, int length) {
            t.sendPacket(to, data, offset, length);
        }

        @Override
        public boolean supportsFrames() {
            return t.supportsFrames();
        }

        @Override
        public void sendFrame(Address to, byte[] data, int offset, int length) {
            t.sendFrame(to, data, offset, length);
        }

        @Override
        public void close() {
            t.close();
        }
    }

    static TransportContract transports(Function<Transport, Transport> breakIt, UnaryOperator<TransportReceiver> receiver) {
        InMemoryTransportProvider memory = new InMemoryTransportProvider();
        TransportProvider broken = new TransportProvider() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public Transport create(TransportContext context) {
                return breakIt.apply(memory.create(TransportContext.of(context.config(), context.options(),
                        receiver.apply(context.receiver()))));
            }
        };
        return new TransportContract() {
            @Override
            protected TransportProvider provider() {
                return broken;
            }

            @Override
            protected Duration deadline() {
                return SHORT;
            }
        };
    }

    static TransportContract transports(Function<Transport, Transport> breakIt) {
        return transports(breakIt, r -> r);
    }

    private static void caughtClosing(TransportContract contract, Executable check) {
        try {
            caught(check);
        } finally {
            contract.closeTheTransports();
        }
    }

    @Test
    void transportBugsAreCaught() {
        TransportContract truncating = transports(t -> new Wrapped(t) {
            @Override
            public void sendPacket(Address to, byte[] data, int offset, int length) {
                super.sendPacket(to, data, offset, Math.min(length, packetBudget()));
            }
        });
        caughtClosing(truncating, truncating::aPacketOverTheBudgetIsRefusedNeverTruncated);

        TransportContract offsetIgnored = transports(t -> new Wrapped(t) {
            @Override
            public void sendPacket(Address to, byte[] data, int offset, int length) {
                super.sendPacket(to, data, 0, length);
            }
        });
        caughtClosing(offsetIgnored, offsetIgnored::packetsArriveWithExactlyTheBytesSent);

        TransportContract silent = transports(t -> t, r -> new TransportReceiver() {
            @Override
            public void onPacket(Address from, byte[] data, int offset, int length) {
                r.onPacket(from, data, offset, length);
            }

            @Override
            public void onFrame(Address from, byte[] data, int offset, int length) {
                r.onFrame(from, data, offset, length);
            }

            @Override
            public void onDeliveryFailure(Address to, io.chorus.api.FailureReason reason) {
                // never reported
            }

            @Override
            public void onDropped(Address from) {
                r.onDropped(from);
            }
        });
        caughtClosing(silent, silent::sendingToAClosedPortNeverThrows);

        TransportContract leaky = transports(t -> new Wrapped(t) {
            @Override
            public void close() {
                // neither stops receiving nor frees the address
            }
        });
        caughtClosing(leaky, leaky::afterCloseTheReceiverHearsNothingMore);
        caughtClosing(leaky, leaky::closeFreesThePort);

        TransportContract reordering = transports(t -> new Wrapped(t) {
            private byte[] held;

            @Override
            public synchronized void sendFrame(Address to, byte[] data, int offset, int length) {
                byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
                if (held == null) {
                    held = copy; // the first frame goes after the second
                    return;
                }
                super.sendFrame(to, copy, 0, copy.length);
                super.sendFrame(to, held, 0, held.length);
                held = new byte[0];
            }
        });
        caughtClosing(reordering, reordering::framesArriveWholeAndInOrderIncludingALargeOne);
    }

    // ------------------------------------------------------------------ failure detectors

    /** Suspects a member silent for longer than a deadline, or never heard from; correct unless broken. */
    static class DeadlineDetector implements FailureDetector {
        final Map<NodeId, Long> last = new HashMap<>();

        @Override
        public void heartbeat(NodeId member, long nowNanos) {
            last.put(member, nowNanos);
        }

        @Override
        public boolean suspect(NodeId member, long nowNanos) {
            Long seen = last.get(member);
            return seen == null || nowNanos - seen > 2_000_000_000L;
        }

        @Override
        public void remove(NodeId member) {
            last.remove(member);
        }
    }

    static FailureDetectorContract detectors(java.util.function.Supplier<FailureDetector> make) {
        return new FailureDetectorContract() {
            @Override
            protected FailureDetectorProvider provider() {
                return new FailureDetectorProvider() {
                    @Override
                    public String id() {
                        return "broken";
                    }

                    @Override
                    public FailureDetector create(ProviderContext context) {
                        return make.get();
                    }
                };
            }

            @Override
            protected boolean trustsARecentHeartbeat() {
                return true;
            }
        };
    }

    @Test
    void detectorBugsAreCaught() {
        FailureDetectorContract trusting = detectors(() -> new DeadlineDetector() {
            @Override
            public boolean suspect(NodeId member, long nowNanos) {
                return false;
            }
        });
        caught(trusting::aMemberNeverHeardFromIsEventuallySuspected);
        caught(trusting::aMemberThatFallsSilentIsEventuallySuspected);

        FailureDetectorContract absolute = detectors(() -> new DeadlineDetector() {
            @Override
            public boolean suspect(NodeId member, long nowNanos) {
                Long seen = last.get(member);
                return seen == null || nowNanos > seen + 2_000_000_000L; // overflows near Long.MAX_VALUE
            }
        });
        caught(absolute::verdictsDependOnlyOnTheTimesGiven);

        FailureDetectorContract forgetful = detectors(() -> new DeadlineDetector() {
            @Override
            public void remove(NodeId member) {
                // keeps the member
            }
        });
        caught(forgetful::removeForgetsAMember);

        Map<NodeId, Long> shared = new HashMap<>();
        FailureDetectorContract sharing = detectors(() -> new DeadlineDetector() {
            @Override
            public void heartbeat(NodeId member, long nowNanos) {
                shared.put(member, nowNanos);
            }

            @Override
            public boolean suspect(NodeId member, long nowNanos) {
                Long seen = shared.get(member);
                return seen == null || nowNanos - seen > 2_000_000_000L;
            }
        });
        caught(sharing::eachCreateGivesADetectorOfItsOwn);

        FailureDetectorContract swimLike = detectors(() -> new DeadlineDetector() {
            @Override
            public boolean suspect(NodeId member, long nowNanos) {
                return true;
            }
        });
        caught(swimLike::aMemberHeardFromAtASteadyPaceIsNotSuspectedRightAfterAHeartbeat);
    }

    // ------------------------------------------------------------------ message signers

    /** HMAC-SHA256 of the message, truncated to 16 bytes; correct unless broken. */
    static class ToySigner implements MessageSigner {
        private final SecretKeySpec key;

        ToySigner(byte[] secret) {
            this.key = new SecretKeySpec(secret, "HmacSHA256");
        }

        byte[] tag(byte[] message, int offset, int length) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                mac.update(message, offset, length);
                return java.util.Arrays.copyOf(mac.doFinal(), 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int trailerLength() {
            return 16;
        }

        @Override
        public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
            System.arraycopy(tag(message, offset, length), 0, trailer, trailerOffset, 16);
        }

        @Override
        public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
            byte[] expected = tag(message, offset, length);
            int diff = 0;
            for (int i = 0; i < 16; i++) {
                diff |= expected[i] ^ trailer[trailerOffset + i];
            }
            return diff == 0 ? Verification.VALID : Verification.BAD_TAG;
        }
    }

    static MessageSignerContract signers(Function<byte[], MessageSigner> make) {
        return new MessageSignerContract() {
            @Override
            protected MessageSignerProvider provider() {
                return new MessageSignerProvider() {
                    @Override
                    public String id() {
                        return "broken";
                    }

                    @Override
                    public MessageSigner create(ProviderContext context) {
                        return make.apply(context.config().secret().orElseThrow().bytes());
                    }
                };
            }
        };
    }

    @Test
    void signerBugsAreCaught() {
        MessageSignerContract prefix = signers(secret -> new ToySigner(secret) {
            @Override
            byte[] tag(byte[] message, int offset, int length) {
                return super.tag(message, offset, Math.min(length, 8)); // signs only the start
            }
        });
        caught(prefix::flippingAnyByteOfTheMessageIsABadTag);

        MessageSignerContract halfTag = signers(secret -> new ToySigner(secret) {
            @Override
            public Verification verify(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
                byte[] expected = tag(message, offset, length);
                int diff = 0;
                for (int i = 0; i < 8; i++) {
                    diff |= expected[i] ^ trailer[trailerOffset + i]; // checks half the tag
                }
                return diff == 0 ? Verification.VALID : Verification.BAD_TAG;
            }
        });
        caught(halfTag::flippingAnyByteOfTheTrailerIsRejected);

        MessageSignerContract offsetIgnored = signers(secret -> new ToySigner(secret) {
            @Override
            public void sign(byte[] message, int offset, int length, byte[] trailer, int trailerOffset) {
                super.sign(message, 0, length, trailer, trailerOffset);
            }
        });
        caught(offsetIgnored::onlyTheRangeGivenIsSigned);

        MessageSignerContract keyless = signers(secret -> new ToySigner("one key for every cluster".getBytes(StandardCharsets.UTF_8)));
        caught(keyless::anotherSecretIsRejected);
    }

    // ------------------------------------------------------------------ discoveries

    static DiscoveryContract discoveries(List<Address> answer) {
        return new DiscoveryContract() {
            @Override
            protected DiscoveryProvider provider() {
                return new DiscoveryProvider() {
                    @Override
                    public String id() {
                        return "broken";
                    }

                    @Override
                    public Discovery create(ProviderContext context) {
                        return () -> answer;
                    }
                };
            }

            @Override
            protected ProviderContext context() {
                return ProviderContext.of(io.chorus.api.ClusterConfig.builder("contract").build());
            }
        };
    }

    @Test
    void discoveryBugsAreCaught() {
        Address seed = new Address("10.0.0.2", 7946);
        caught(() -> discoveries(List.of(seed, seed)).discoverAnswersAListWithoutNullsOrDuplicates());
        caught(() -> discoveries(java.util.Arrays.asList(seed, null)).discoverAnswersAListWithoutNullsOrDuplicates());
        caught(() -> discoveries(null).discoverAnswersAListWithoutNullsOrDuplicates());
    }
}
