package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.MemberState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergeRulesTest {
    private static final MemberState[] STATES = MemberState.values();
    private static final long KNOWN = 5;

    /**
     * At equal incarnation, row = incoming state, column = known state (ALIVE, SUSPECT, DEAD, LEFT):
     * whether the incoming update wins. Written out rather than computed, so the test states the rule.
     */
    private static final boolean[][] EQUAL = {
        /* ALIVE   */ {false, false, false, false},
        /* SUSPECT */ {true, false, false, false},
        /* DEAD    */ {true, true, false, false},
        /* LEFT    */ {true, true, true, false},
    };

    enum Order {
        LOWER(-1), EQUAL(0), HIGHER(1);

        final long delta;

        Order(long delta) {
            this.delta = delta;
        }
    }

    static Stream<Arguments> everyPairAndOrder() {
        List<Arguments> cases = new ArrayList<>();
        for (int incoming = 0; incoming < 4; incoming++) {
            for (int known = 0; known < 4; known++) {
                for (Order order : Order.values()) {
                    boolean wins = switch (order) {
                        case LOWER -> false;
                        case EQUAL -> EQUAL[incoming][known];
                        case HIGHER -> true;
                    };
                    cases.add(Arguments.of(STATES[incoming], order, STATES[known], wins));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at a {1} incarnation over {2}: {3}")
    @MethodSource("everyPairAndOrder")
    void higherIncarnationWinsThenLaterState(MemberState incoming, Order order, MemberState known, boolean wins) {
        assertEquals(wins, MergeRules.supersedes(incoming, KNOWN + order.delta, known, KNOWN));
    }

    @Test
    void statesAreOrderedAsTheTableAssumes() {
        // the order the merge rules and the wire (a SYNC entry's state byte) both rely on
        assertEquals(List.of(MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT), List.of(STATES));
    }

    @Test
    void incarnationsCompareOverTheirWholeRange() {
        assertTrue(MergeRules.supersedes(MemberState.ALIVE, 1, MemberState.LEFT, 0));
        assertTrue(MergeRules.supersedes(MemberState.ALIVE, Long.MAX_VALUE, MemberState.LEFT, Long.MAX_VALUE - 1));
        assertFalse(MergeRules.supersedes(MemberState.LEFT, Long.MAX_VALUE - 1, MemberState.ALIVE, Long.MAX_VALUE));
        assertFalse(MergeRules.supersedes(MemberState.LEFT, 0, MemberState.ALIVE, 1));
        assertTrue(MergeRules.supersedes(MemberState.SUSPECT, 0, MemberState.ALIVE, 0));
    }
}
