/** FNV-1a (64 bits) as a Chorus hash function: select it with {@code hashFunction("fnv1a")}. */
module com.example.chorus.fnv {
    requires io.chorus.api;
    provides io.chorus.api.spi.HashFunctionProvider with com.example.chorus.fnv.FnvHashProvider;
}
