package io.chorus.core.assembly;

import io.chorus.api.ProviderChoice;
import io.chorus.api.spi.DiscoveryProvider;
import io.chorus.api.spi.FailureDetectorProvider;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.api.spi.RingStrategyProvider;
import io.chorus.api.spi.TransportProvider;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The providers one node is built from, as selected by {@link Assembly}.
 *
 * @param transport the transport for packets (and frames, unless it carries none)
 * @param frames the transport for frames when {@code transport} carries none: the one named second
 *     in the config ({@code udp+tcp}), else the next by priority; empty when there is none
 * @param discovery the discovery providers to ask for seeds, possibly none
 * @param failureDetector the failure detector
 * @param hashFunction the hash function for the ring, if one is present
 * @param ringStrategy the ring strategy, if one is present
 * @param signer the message signer; present exactly when the config has a secret
 * @param choices why each provider above won, in the order of {@link ProviderChoice.Kind} (the
 *     engine first when known)
 */
public record Assembled(
        TransportProvider transport,
        Optional<TransportProvider> frames,
        List<DiscoveryProvider> discovery,
        FailureDetectorProvider failureDetector,
        Optional<HashFunctionProvider> hashFunction,
        Optional<RingStrategyProvider> ringStrategy,
        Optional<MessageSignerProvider> signer,
        List<ProviderChoice> choices) {

    /** Checks the components and copies the lists. */
    public Assembled {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(frames, "frames");
        discovery = List.copyOf(discovery);
        Objects.requireNonNull(failureDetector, "failureDetector");
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(ringStrategy, "ringStrategy");
        Objects.requireNonNull(signer, "signer");
        choices = List.copyOf(choices);
    }

    /**
     * @param others the choices to report instead
     * @return these providers with those choices
     */
    public Assembled withChoices(List<ProviderChoice> others) {
        return new Assembled(transport, frames, discovery, failureDetector, hashFunction, ringStrategy, signer, others);
    }
}
