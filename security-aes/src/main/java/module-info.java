/**
 * AES-256-GCM sealing of every packet, frame and user message, with the keyring of signing: the
 * message signer {@code aes-gcm} (priority 110, above {@code hmac}'s 100). It signs exactly as the
 * {@code hmac} signer does, through it (so {@code io.chorus.security.hmac} must be present), and
 * seals when the node's {@link io.chorus.api.Encryption} mode says so: set the mode a node starts in
 * with {@link io.chorus.api.ClusterConfig.Builder#encryption} and switch it at run time with
 * {@link io.chorus.api.Cluster#encryption(io.chorus.api.Encryption)}. Only the JDK's
 * {@code javax.crypto} is used.
 *
 * <p><b>Keys.</b> One keyring for signing and sealing ({@link io.chorus.api.Cluster#keyring()}):
 * each secret installed gives the hmac signer's key and an AES-256 key, derived with HKDF-SHA256
 * (RFC 5869): the secret is the input keying material, no salt, and the info is
 * {@code "chorus/aes-256-gcm/v1/"} followed by the cluster label (the config's
 * {@link io.chorus.api.ClusterConfig#label()}, else the option {@code security.hmac.label}, else
 * {@code chorus}: the label the signing keys use). Both are named by the hmac key's id, which a
 * sealed message carries as a signed one does. The primary key signs and seals; every key verifies
 * and opens.
 *
 * <p><b>Wire.</b> The engine frames a sealed packet or frame as {@code [label] 'C' 'S' | header |
 * ciphertext | tag}; this module writes the 20-byte header and the 16-byte tag:
 * <pre>
 * header = key id u32 | sender epoch u64 | sequence u32 | timestamp u32 (Unix seconds)
 * nonce  = sender epoch || sequence (96 bits)
 * associated data = the label and 'C' 'S' (the engine's framing) || header
 * plaintext = the packet or frame as it would go unsigned
 * </pre>
 * With the engine's two bytes of mark, a sealed packet is 38 bytes longer than the plain one (a
 * signed one is 36 longer), plus the label's {@code 3 + length} when the cluster has one.
 *
 * <p><b>Nonces never repeat under one key, across restarts too.</b> Each signer draws a 64-bit
 * sender epoch from {@link java.security.SecureRandom} when it is created (every start of a node)
 * and numbers its messages from 0 under it, drawing a new epoch before the 32-bit sequence could
 * wrap; the nonce is the epoch and the sequence. Within one epoch the sequence only grows, so two
 * messages of one sender differ; two senders, or two lives of one node, share a nonce only if they
 * draw the same epoch, which for E epochs ever drawn under one key has a probability below
 * E^2 / 2^65 (a thousand nodes restarting every day for ten years, 3.7 million epochs: under
 * 4 x 10^-7). Rotating the key (install, promote, remove) starts afresh. Nothing is kept on disk.
 *
 * <p><b>Replay protection</b> is issue 7's, as for signed traffic: a window of its own over the
 * sealed messages' epochs, sequences and timestamps, sized by the hmac signer's options
 * {@code security.hmac.time-window}, {@code security.hmac.replay-window} and
 * {@code security.hmac.max-senders}; only messages whose tag was right create state.
 *
 * <p><b>Cost.</b> The JDK's {@code AES/GCM/NoPadding}, which HotSpot runs on the CPU's AES and
 * carry-less multiplication instructions, one cipher per thread, key and direction. The JDK builds
 * a GCM engine at every {@code init}, and GCM needs one per nonce: sealing and opening a packet
 * allocate about 1 KiB each, whatever its length. {@code docs/benchmarks.md} has the figures.
 *
 * @provides io.chorus.api.spi.MessageSignerProvider
 * @uses io.chorus.api.spi.MessageSignerProvider
 */
module io.chorus.security.aes {
    requires io.chorus.api;

    uses io.chorus.api.spi.MessageSignerProvider;

    provides io.chorus.api.spi.MessageSignerProvider with io.chorus.security.aes.AesGcmSignerProvider;
}
