package io.chorus.hashing;

import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.testkit.HashFunctionContract;

/** {@code md5} keeps the hash function contract of the provider test kit. */
class Md5ContractTest extends HashFunctionContract {
    @Override
    protected HashFunctionProvider provider() {
        return new Md5Provider();
    }
}
