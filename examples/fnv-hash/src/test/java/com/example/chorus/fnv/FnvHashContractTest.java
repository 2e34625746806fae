package com.example.chorus.fnv;

import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.testkit.HashFunctionContract;

/** FNV-1a against the hash function contract of the Chorus provider test kit. */
class FnvHashContractTest extends HashFunctionContract {
    @Override
    protected HashFunctionProvider provider() {
        return new FnvHashProvider();
    }
}
