package io.chorus.hashing;

import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.testkit.HashFunctionContract;

/** {@code xxhash64} keeps the hash function contract of the provider test kit. */
class XxHash64ContractTest extends HashFunctionContract {
    @Override
    protected HashFunctionProvider provider() {
        return new XxHash64Provider();
    }
}
