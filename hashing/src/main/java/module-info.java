/**
 * Hash functions and ring strategies: the providers that route keys to members.
 *
 * <p>Exports nothing: the engine finds the providers with {@link java.util.ServiceLoader} and users
 * reach them through {@code io.chorus.api.Ring}. Select a provider by its id in the config
 * ({@code hashFunction}, {@code ringStrategy}); otherwise the one of highest priority wins.
 *
 * <h2>Hash functions ({@link io.chorus.api.spi.HashFunctionProvider})</h2>
 * Each hashes byte ranges and text (as UTF-8, encoded on the fly: surrogate pairs as four bytes,
 * an unpaired surrogate as {@code '?'}, like {@code String.getBytes}) without allocating. None has
 * options.
 * <table>
 *   <caption>Hash functions</caption>
 *   <tr><th>id</th><th>priority</th><th>function</th></tr>
 *   <tr><td>{@code xxhash64}</td><td>30 (default)</td><td>XXH64, seed 0</td></tr>
 *   <tr><td>{@code murmur3}</td><td>20</td><td>MurmurHash3 x64 128-bit, seed 0: the low 64 bits
 *       ({@code h1}, the first eight bytes of the reference output, little-endian)</td></tr>
 *   <tr><td>{@code md5}</td><td>10</td><td>MD5 digest bytes 0 to 7, little-endian: bits 0 to 31
 *       are ketama's first 32-bit point of the digest (bytes 0 to 3), bits 32 to 63 its second
 *       (bytes 4 to 7)</td></tr>
 * </table>
 *
 * <h2>Ring strategies ({@link io.chorus.api.spi.RingStrategyProvider})</h2>
 * Every ring is immutable; {@code owner} is lock-free and allocation-free. A ring orders its
 * members by name, so the same members give the same owners whatever order they come in. Members
 * are placed by name, not by address or transport.
 * <table>
 *   <caption>Ring strategies</caption>
 *   <tr><th>id</th><th>priority</th><th>options</th></tr>
 *   <tr><td>{@code vnode}</td><td>30 (default)</td><td>{@code hashing.vnode.*}</td></tr>
 *   <tr><td>{@code maglev}</td><td>20</td><td>{@code hashing.maglev.*}</td></tr>
 *   <tr><td>{@code rendezvous}</td><td>10</td><td>none</td></tr>
 * </table>
 *
 * <p>Tags read from members:
 * <ul>
 *   <li>{@code weight}: a whole number from 1 to 100 (decimal digits only), default 1. A missing
 *       or bad tag counts as 1 and is otherwise ignored, so one member's typo cannot break the
 *       ring. The vnode ring gives a member {@code count × weight} points, Maglev {@code weight}
 *       slots per turn, rendezvous a share proportional to the weight.</li>
 *   <li>{@code zone}: {@code owners(key, R)} walks the ring from the key, takes members whose
 *       zone is not taken yet, and fills up with the members it passed over, in ring order, when
 *       zones run out. A member without the tag is a zone of its own.</li>
 * </ul>
 *
 * <p>Options (in {@code ClusterConfig.options()} or the agent's JSON config). A bad value fails
 * {@code Chorus.create} with an {@link io.chorus.api.InvalidConfigException} naming the key, the
 * value and what is allowed.
 * <!-- options: generated from the declarations (Provider.options()) by the agent's OptionsReferenceTest; do not edit -->
 * <table>
 *   <caption>Options of io.chorus.hashing (docs/options.md lists every module's)</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code hashing.maglev.table-size}</td><td>integer</td><td>65537, or the next prime at or above 10 × members when that is larger</td><td>a prime from 11 to 16777213, at least 10 × members</td>
 *       <td>Maglev ring: the lookup table size M; building a ring for more than M / 10 members fails</td></tr>
 *   <tr><td>{@code hashing.vnode.count}</td><td>integer</td><td>160</td><td>1 to 10000</td>
 *       <td>vnode ring: points per unit of a member's weight (tag weight); a ring holds at most 2^24 points in all</td></tr>
 * </table>
 * <!-- end of options -->
 *
 * @provides io.chorus.api.spi.HashFunctionProvider xxhash64, murmur3, md5
 * @provides io.chorus.api.spi.RingStrategyProvider vnode, maglev, rendezvous
 */
module io.chorus.hashing {
    requires io.chorus.api;

    provides io.chorus.api.spi.HashFunctionProvider with
            io.chorus.hashing.XxHash64Provider,
            io.chorus.hashing.Murmur3Provider,
            io.chorus.hashing.Md5Provider;
    provides io.chorus.api.spi.RingStrategyProvider with
            io.chorus.hashing.VnodeRingProvider,
            io.chorus.hashing.MaglevRingProvider,
            io.chorus.hashing.RendezvousRingProvider;
}
