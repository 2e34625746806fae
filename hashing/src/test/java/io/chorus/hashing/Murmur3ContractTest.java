package io.chorus.hashing;

import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.testkit.HashFunctionContract;

/** {@code murmur3} keeps the hash function contract of the provider test kit. */
class Murmur3ContractTest extends HashFunctionContract {
    @Override
    protected HashFunctionProvider provider() {
        return new Murmur3Provider();
    }
}
