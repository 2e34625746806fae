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
 * @provides io.chorus.api.spi.HashFunctionProvider xxhash64, murmur3, md5
 */
module io.chorus.hashing {
    requires io.chorus.api;

    provides io.chorus.api.spi.HashFunctionProvider with
            io.chorus.hashing.XxHash64Provider,
            io.chorus.hashing.Murmur3Provider,
            io.chorus.hashing.Md5Provider;
}
