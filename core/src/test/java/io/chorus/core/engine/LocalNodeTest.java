package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.core.wire.Tags;
import org.junit.jupiter.api.Test;

/** {@link LocalNode}: this node's name at any address, and the sequence numbers of its pings. */
class LocalNodeTest {
    @Test
    void itsNameIsItsAtAnyAddress() {
        TestNode n = TestNode.lan();
        assertTrue(n.local.named(n.self));
        assertTrue(n.local.named(n.peer(TestNode.NAME, "10.9.9.9")));
        assertFalse(n.local.named(n.peer("other")));
    }

    @Test
    void sequenceNumbersCountUpFromOneAndAreSharedByEveryPing() {
        LocalNode local = new LocalNode(1, Tags.EMPTY);
        assertEquals(1, local.nextSeq());
        assertEquals(2, local.nextSeq());
        assertEquals(3, local.nextSeq());
    }
}
