package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Member}: an immutable view of one member. */
class MemberTest {

    private static final NodeId ID = NodeId.parse("web-1@10.0.0.1:7946");

    @Test
    void tagsAreAnImmutableCopy() {
        Map<String, String> tags = new HashMap<>(Map.of("role", "web"));
        Member member = new Member(ID, MemberState.ALIVE, 0, tags);
        tags.put("zone", "eu");
        assertEquals(Map.of("role", "web"), member.tags());
        assertThrows(UnsupportedOperationException.class, () -> member.tags().put("zone", "eu"));
        assertThrows(UnsupportedOperationException.class, () -> member.tags().clear());
    }

    @Test
    void negativeIncarnationIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Member(ID, MemberState.ALIVE, -1, Map.of()));
        assertEquals("incarnation -1 must be >= 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Member(ID, MemberState.ALIVE, Long.MIN_VALUE, Map.of()));
        assertEquals(0, new Member(ID, MemberState.ALIVE, 0, Map.of()).incarnation());
        assertEquals(Long.MAX_VALUE, new Member(ID, MemberState.DEAD, Long.MAX_VALUE, Map.of()).incarnation());
    }

    @Test
    void nullComponentsAreRejected() {
        assertThrows(NullPointerException.class, () -> new Member(null, MemberState.ALIVE, 0, Map.of()));
        assertThrows(NullPointerException.class, () -> new Member(ID, null, 0, Map.of()));
        assertThrows(NullPointerException.class, () -> new Member(ID, MemberState.ALIVE, 0, null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(NullPointerException.class, () -> new Member(ID, MemberState.ALIVE, 0, nullValue));
    }

    @Test
    void nameAndTagQueries() {
        Member member = new Member(ID, MemberState.SUSPECT, 3, Map.of("role", "web"));
        assertEquals("web-1", member.name());
        assertTrue(member.hasTag("role", "web"));
        assertFalse(member.hasTag("role", "db"));
        assertFalse(member.hasTag("zone", "web"));
    }

    @Test
    void isAValue() {
        assertEquals(new Member(ID, MemberState.ALIVE, 1, Map.of("a", "1")),
                new Member(ID, MemberState.ALIVE, 1, new HashMap<>(Map.of("a", "1"))));
    }

    @Test
    void statesAreOrderedAsTheyWinAtEqualIncarnation() {
        assertTrue(MemberState.ALIVE.compareTo(MemberState.SUSPECT) < 0);
        assertTrue(MemberState.SUSPECT.compareTo(MemberState.DEAD) < 0);
        assertTrue(MemberState.DEAD.compareTo(MemberState.LEFT) < 0);
    }
}
