package io.chorus.security.hmac;

import static io.chorus.security.hmac.Fixture.OTHER;
import static io.chorus.security.hmac.Fixture.SECRET;
import static io.chorus.security.hmac.Fixture.packet;
import static io.chorus.security.hmac.Fixture.sign;
import static io.chorus.security.hmac.Fixture.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.KeyInfo;
import io.chorus.api.Keyring;
import io.chorus.api.KeyringException;
import io.chorus.api.Secret;
import io.chorus.api.spi.Verification;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Install, promote and remove at run time; the key ids. */
class KeyringTest {
    private final Fixture f = new Fixture();
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void theSignerIsItsOwnKeyring() {
        HmacSigner s = f.signer(SECRET);
        assertSame(s, s.keyring().orElseThrow());
    }

    @Test
    void keyIdsAreEightHexDigitsAndTheSameOnEveryNode() {
        List<KeyInfo> keys = f.signer(SECRET).keys();
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).primary());
        assertTrue(keys.get(0).id().matches("[0-9a-f]{8}"), keys.get(0).id());
        assertEquals(keys, f.signer(SECRET).keys());
    }

    @Test
    void aRotationInstallsPromotesAndRemovesWithoutLosingTraffic() {
        HmacSigner a = f.signer(SECRET);
        HmacSigner b = f.signer(SECRET);
        String oldId = a.keys().get(0).id();

        KeyInfo fresh = a.install(OTHER);
        assertEquals(fresh, b.install(OTHER));
        assertEquals(List.of(new KeyInfo(oldId, true), new KeyInfo(fresh.id(), false)), a.keys());
        assertEquals(fresh, a.install(OTHER), "installing twice changes nothing");
        assertEquals(2, a.keys().size());

        a.promote(fresh.id());
        assertEquals(List.of(new KeyInfo(fresh.id(), true), new KeyInfo(oldId, false)), a.keys());
        assertEquals(Verification.VALID, verify(b, sign(a, packet(random, 80))), "b accepts a's new key");
        assertEquals(Verification.VALID, verify(a, sign(b, packet(random, 80))), "a still accepts b's old key");

        b.promote(fresh.id());
        a.remove(oldId);
        b.remove(oldId);
        assertEquals(List.of(new KeyInfo(fresh.id(), true)), a.keys());
        assertEquals(Verification.VALID, verify(a, sign(b, packet(random, 80))));

        HmacSigner straggler = f.signer(SECRET);
        assertEquals(Verification.UNKNOWN_KEY, verify(a, sign(straggler, packet(random, 80))), "the old key is gone");
    }

    @Test
    void removingThePrimaryIsRefused() {
        HmacSigner a = f.signer(SECRET);
        String id = a.keys().get(0).id();
        KeyringException e = assertThrows(KeyringException.class, () -> a.remove(id));
        assertEquals("key " + id + " is the primary key, which signs this node's messages: promote another key first; "
                + "keys: " + id + " (primary)", e.getMessage());
    }

    @Test
    void anUnknownKeyIdIsAnErrorListingTheKeys() {
        Keyring a = f.signer(SECRET);
        String id = a.keys().get(0).id();
        KeyringException e = assertThrows(KeyringException.class, () -> a.promote("0badc0de"));
        assertEquals("no key with id '0badc0de' in the keyring; keys: " + id + " (primary)", e.getMessage());
        assertThrows(KeyringException.class, () -> a.remove("nonsense"));
    }

    @Test
    void theKeyringHoldsAtMostSixteenKeys() {
        Keyring a = f.signer(SECRET);
        for (int i = 1; i < HmacSigner.MAX_KEYS; i++) {
            a.install(Secret.ofText("another secret number " + i));
        }
        KeyringException e = assertThrows(KeyringException.class, () -> a.install(Secret.ofText("one secret too many")));
        assertTrue(e.getMessage().startsWith("the keyring is full (16 keys): remove a key before installing another"),
                e.getMessage());
    }

    @Test
    void keyIdsDependOnTheLabel() {
        String chorus = f.signer(SECRET).keys().get(0).id();
        String other = f.signer(SECRET, java.util.Map.of("security.hmac.label", "other")).keys().get(0).id();
        assertTrue(!chorus.equals(other), chorus + " vs " + other);
    }
}
