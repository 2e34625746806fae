package io.chorus.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TimerHeap}: order by time then by insertion, removal, re-adding, and times across the overflow of nanoTime. */
class TimerHeapTest {
    /** An entry with a label. */
    static final class E extends TimerHeap.Entry {
        final String label;
        /** The order it was last added in, for the reference model. */
        long added;

        E(String label, long time) {
            this.label = label;
            time(time);
        }

        @Override
        public String toString() {
            return label + "@" + time();
        }
    }

    private static List<String> drain(TimerHeap<E> heap) {
        List<String> out = new ArrayList<>();
        for (E e = heap.poll(); e != null; e = heap.poll()) {
            assertFalse(e.queued(), "an entry polled is out of the heap");
            out.add(e.label);
        }
        return out;
    }

    @Test
    void entriesComeOutByTimeThenInTheOrderTheyWentIn() {
        TimerHeap<E> heap = new TimerHeap<>(2);
        for (E e : new E[] {new E("30a", 30), new E("10a", 10), new E("20", 20), new E("10b", 10), new E("30b", 30),
                new E("10c", 10), new E("5", 5)}) {
            heap.add(e);
        }
        assertEquals(7, heap.size());
        assertEquals("5", heap.peek().label);
        assertEquals(7, heap.size(), "peek leaves the entry in");
        assertEquals(List.of("5", "10a", "10b", "10c", "20", "30a", "30b"), drain(heap));
        assertEquals(0, heap.size());
        assertNull(heap.peek());
        assertNull(heap.poll());
    }

    @Test
    void manyEntriesDueTogetherKeepTheirInsertionOrder() {
        TimerHeap<E> heap = new TimerHeap<>(4);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            heap.add(new E("e" + i, 7));
            expected.add("e" + i);
        }
        assertEquals(expected, drain(heap));
    }

    @Test
    void removeTakesAnEntryOutAtOnceAndOnlyOnce() {
        TimerHeap<E> heap = new TimerHeap<>(8);
        E a = new E("a", 1);
        E b = new E("b", 2);
        E c = new E("c", 3);
        E d = new E("d", 4);
        heap.add(a);
        heap.add(b);
        heap.add(c);
        heap.add(d);
        assertTrue(b.queued());
        assertTrue(heap.remove(b));
        assertFalse(b.queued());
        assertFalse(heap.remove(b), "a second remove finds nothing");
        assertEquals(3, heap.size());
        assertTrue(heap.remove(a), "the head can be removed");
        assertEquals(List.of("c", "d"), drain(heap));
        assertFalse(heap.remove(new E("never", 1)), "an entry never added is not in");
    }

    @Test
    void removeDoesNotTouchAnotherHeapsEntry() {
        TimerHeap<E> one = new TimerHeap<>(4);
        TimerHeap<E> other = new TimerHeap<>(4);
        E x = new E("x", 1);
        E y = new E("y", 1);
        one.add(x);
        other.add(y);
        assertFalse(one.remove(y), "y sits at index 0 of the other heap, not of this one");
        assertTrue(y.queued());
        assertSame(y, other.peek());
    }

    @Test
    void anEntryCanBeAddedAgainAfterItCameOutAndGoesAfterItsTies() {
        TimerHeap<E> heap = new TimerHeap<>(4);
        E a = new E("a", 10);
        E b = new E("b", 10);
        heap.add(a);
        heap.add(b);
        assertSame(a, heap.poll());
        heap.add(a);
        assertEquals(List.of("b", "a"), drain(heap), "re-added at the same time, it goes after what is already in");

        E c = new E("c", 5);
        heap.add(c);
        assertTrue(heap.remove(c));
        c.time(50);
        heap.add(c);
        heap.add(new E("d", 20));
        assertEquals(List.of("d", "c"), drain(heap), "a removed entry is added again at its new time");
    }

    @Test
    void aQueuedEntryCanNeitherBeAddedAgainNorChangeItsTime() {
        TimerHeap<E> heap = new TimerHeap<>(4);
        E a = new E("a", 10);
        heap.add(a);
        assertThrows(IllegalStateException.class, () -> heap.add(a));
        assertThrows(IllegalStateException.class, () -> a.time(20));
        assertEquals(10, a.time());
        assertEquals(1, heap.size());
    }

    @Test
    void clearTakesEverythingOutAndTheEntriesCanGoInAgain() {
        TimerHeap<E> heap = new TimerHeap<>(4);
        E a = new E("a", 2);
        E b = new E("b", 1);
        heap.add(a);
        heap.add(b);
        heap.clear();
        assertEquals(0, heap.size());
        assertFalse(a.queued());
        assertFalse(b.queued());
        assertNull(heap.poll());
        heap.add(a);
        heap.add(b);
        assertEquals(List.of("b", "a"), drain(heap));
    }

    @Test
    void timesAcrossTheOverflowOfNanoTimeOrderByTheirDifference() {
        long base = Long.MAX_VALUE - 5;
        TimerHeap<E> heap = new TimerHeap<>(4);
        heap.add(new E("after-overflow+20", base + 20));
        heap.add(new E("before-overflow", base));
        heap.add(new E("after-overflow+10", base + 10));
        heap.add(new E("just-before", base + 3));
        heap.add(new E("tie-a", base + 10));
        assertTrue(base + 10 < base, "the later times have wrapped to negative numbers");
        assertEquals(List.of("before-overflow", "just-before", "after-overflow+10", "tie-a", "after-overflow+20"), drain(heap));
    }

    @Test
    void agreesWithASortedListUnderRandomAddsRemovesAndPolls() {
        SplittableRandom random = new SplittableRandom(7);
        TimerHeap<E> heap = new TimerHeap<>(2);
        List<E> model = new ArrayList<>();
        long added = 0;
        long base = Long.MAX_VALUE - 500; // across the overflow: every time is compared by difference
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || model.isEmpty()) {
                E e = new E("e" + step, 0);
                e.time(base + random.nextInt(1000));
                e.added = added++;
                heap.add(e);
                model.add(e);
            } else if (op < 8) {
                E e = model.remove(random.nextInt(model.size()));
                assertTrue(heap.remove(e));
            } else {
                model.sort(Comparator.comparingLong((E e) -> e.time() - base).thenComparingLong(e -> e.added));
                E expected = model.remove(0);
                assertSame(expected, heap.poll(), "step " + step);
            }
            assertEquals(model.size(), heap.size());
        }
        model.sort(Comparator.comparingLong((E e) -> e.time() - base).thenComparingLong(e -> e.added));
        List<String> expected = model.stream().map(e -> e.label).toList();
        assertEquals(expected, drain(heap));
    }
}
