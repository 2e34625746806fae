/**
 * HMAC-SHA256 message signing with a rotating keyring, cluster labels and replay protection:
 * the message signer {@code hmac} (priority 100). It signs every packet and frame of a node whose
 * config has a secret ({@link io.chorus.api.ClusterConfig.Builder#secret}); read the secret from
 * a file ({@link io.chorus.api.Secret#fromFile}) or an environment variable
 * ({@link io.chorus.api.Secret#fromEnv}), never from a command-line value. A secret shorter than
 * 16 bytes is refused.
 *
 * <p><b>Keys.</b> Each key is derived with HKDF-SHA256 (RFC 5869, BouncyCastle): the secret is the
 * input keying material, no salt, and the info is {@code "chorus/hmac-sha256/v1/"} followed by the
 * cluster label. Two clusters with the same secret and different labels hold different keys and
 * never accept each other's traffic. A key's id is the first 4 bytes of
 * {@code HMAC-SHA256(derived key, "chorus key id")}, printed as 8 hex digits: it names the key on
 * the wire and in {@link io.chorus.api.Keyring} and says nothing about the secret.
 *
 * <p><b>Trailer.</b> 36 bytes after each message:
 * <pre>
 * key id u32 | sender epoch u64 | sequence u32 | timestamp u32 (Unix seconds) | tag 16 bytes
 * tag = first 16 bytes of HMAC-SHA256(key, message || key id || epoch || sequence || timestamp)
 * </pre>
 * The tag covers the whole message, header included, and the trailer's fields. It is truncated
 * to 128 bits, as RFC 4868 does for HMAC-SHA-256-128 in IPsec: forging one still takes about
 * 2^128 tries, each of which costs the forger a packet that is dropped, and the 16 bytes saved on
 * every packet are room for gossip in a 1,400-byte budget. The key id selects the key; the tag is
 * compared in constant time before anything in the message is decoded or any state is created.
 *
 * <p><b>Replay protection.</b> Each signer picks a random 64-bit sender epoch when it starts and
 * numbers its messages from 0 (a new epoch after 2^32 messages). A receiver rejects a correctly
 * signed message whose timestamp is more than the time window from its own clock (keep the
 * nodes' clocks within it, e.g. with NTP), and one whose sequence number it has seen before or
 * that is older than the sliding window below the highest seen from that epoch (RFC 4303
 * style). Only messages with a valid tag create state, and at most {@code max-senders} epochs are
 * tracked (least recently seen evicted), so memory stays bounded under floods. A receiver that
 * restarts forgets its windows; the time window still bounds replays to messages younger than it.
 *
 * <p><b>Keyring.</b> {@link io.chorus.api.Cluster#keyring()} installs, promotes and removes keys
 * at run time (at most 16 keys). The primary key signs; every key verifies.
 *
 * <p><b>Options</b> ({@code options} of the config; the same keys in the agent's JSON file). A
 * value out of range fails {@code Chorus.create} with an {@link io.chorus.api.InvalidConfigException}
 * naming the key, the value and the range.
 * <!-- options: generated from the declarations (Provider.options()) by the agent's OptionsReferenceTest; do not edit -->
 * <table>
 *   <caption>Options of io.chorus.security.hmac (docs/options.md lists every module's)</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code security.hmac.label}</td><td>text</td><td>chorus</td><td>a non-blank text of 1 to 128 bytes in UTF-8</td>
 *       <td>the label mixed into every key when the cluster has none of its own (ClusterConfig.label, the agent's --label), which wins; clusters with one secret and different labels never accept each other's traffic</td></tr>
 *   <tr><td>{@code security.hmac.max-senders}</td><td>integer</td><td>4096</td><td>16 to 1000000</td>
 *       <td>sender epochs tracked for replay protection, the least recently seen evicted</td></tr>
 *   <tr><td>{@code security.hmac.replay-window}</td><td>integer</td><td>1024</td><td>64 to 65536</td>
 *       <td>sequence numbers remembered per sender, rounded up to a multiple of 64; keep it above the requests kept in flight between two nodes</td></tr>
 *   <tr><td>{@code security.hmac.time-window}</td><td>duration</td><td>30s</td><td>1s to 1h</td>
 *       <td>the largest accepted difference between a message's timestamp and the local clock, in whole seconds</td></tr>
 * </table>
 * <!-- end of options -->
 *
 * <p><b>Clock.</b> Timestamps come from the system clock. The deterministic simulator
 * ({@code io.chorus.core.sim}) runs its nodes unsigned, so its results do not depend on it.
 *
 * @provides io.chorus.api.spi.MessageSignerProvider
 */
module io.chorus.security.hmac {
    requires io.chorus.api;
    requires org.bouncycastle.provider;

    provides io.chorus.api.spi.MessageSignerProvider with io.chorus.security.hmac.HmacSignerProvider;
}
