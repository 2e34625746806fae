package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Stats are built, copied and compared by counter; a counter added later shows up everywhere. */
class ClusterStatsTest {

    /** @return the names of the counter accessors: public, no arguments, returning long or int */
    private static Set<String> accessors() {
        Set<String> names = new TreeSet<>();
        for (Method m : ClusterStats.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && (m.getReturnType() == long.class || m.getReturnType() == int.class)
                    && !m.getName().equals("hashCode")) {
                names.add(m.getName());
            }
        }
        return names;
    }

    @Test
    void unsetCountersAreZero() {
        ClusterStats zero = ClusterStats.builder().build();
        assertTrue(zero.counters().values().stream().allMatch(v -> v == 0), zero::toString);
        assertEquals(49, zero.counters().size());
    }

    @Test
    void everyAccessorHasASetterAndAPlaceInCounters() throws ReflectiveOperationException {
        Set<String> accessors = accessors();
        assertEquals(accessors, new TreeSet<>(ClusterStats.builder().build().counters().keySet()));
        ClusterStats.Builder b = ClusterStats.builder();
        long value = 1;
        List<String> set = new ArrayList<>();
        for (String name : accessors) {
            Class<?> type = ClusterStats.class.getMethod(name).getReturnType();
            Method setter = ClusterStats.Builder.class.getMethod(name, type);
            assertEquals(ClusterStats.Builder.class, setter.getReturnType(), name);
            setter.invoke(b, type == int.class ? (Object) (int) value : (Object) value);
            set.add(name);
            value++;
        }
        ClusterStats s = b.build();
        value = 1;
        for (String name : set) {
            assertEquals(value, ((Number) ClusterStats.class.getMethod(name).invoke(s)).longValue(), name);
            assertEquals(value, s.counters().get(name), name);
            value++;
        }
    }

    @Test
    void countersKeepTheAccessorOrder() {
        List<String> names = new ArrayList<>(ClusterStats.builder().build().counters().keySet());
        assertEquals(List.of("alive", "suspect", "dead", "left", "messagesIn"), names.subList(0, 5));
        assertEquals("requestLatencyMaxMicros", names.get(names.size() - 1), "a counter added later comes last");
        assertThrows(UnsupportedOperationException.class, () -> ClusterStats.builder().build().counters().put("x", 1L));
    }

    @Test
    void toBuilderCopiesAndBuildersAreIndependent() {
        ClusterStats a = ClusterStats.builder().alive(3).messagesIn(10).healthScore(2).userEvents(7).build();
        ClusterStats b = a.toBuilder().messagesIn(11).build();
        assertEquals(10, a.messagesIn());
        assertEquals(11, b.messagesIn());
        assertEquals(3, b.alive());
        assertEquals(2, b.healthScore());
        assertEquals(7, b.userEvents());
        assertEquals(a, a.toBuilder().build());
    }

    @Test
    void equalWhenEveryCounterIs() {
        ClusterStats a = ClusterStats.builder().alive(3).rejectedReplay(1).build();
        ClusterStats same = ClusterStats.builder().rejectedReplay(1).alive(3).build();
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, a.toBuilder().rejectedReplay(2).build());
        assertNotEquals(a, Map.of());
    }

    @Test
    void toStringNamesEveryCounter() {
        String text = ClusterStats.builder().alive(3).userRejected(4).requestLatencyMaxMicros(5).build().toString();
        assertTrue(text.startsWith("ClusterStats[alive=3, suspect=0, "), text);
        assertTrue(text.contains(", userRejected=4, "), text);
        assertTrue(text.endsWith(", requestLatencyMaxMicros=5]"), text);
    }

    @Test
    void aNegativeCounterIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterStats.builder().probes(-1));
        assertEquals("ClusterStats.probes = -1: a counter is never negative", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusterStats.builder().healthScore(-2));
        assertEquals("ClusterStats.healthScore = -2: a counter is never negative", e.getMessage());
    }
}
