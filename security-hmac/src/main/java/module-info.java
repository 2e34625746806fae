/**
 * HMAC-SHA256 message signing with a rotating keyring.
 */
module io.chorus.security.hmac {
    requires io.chorus.api;
    requires org.bouncycastle.provider;
}
