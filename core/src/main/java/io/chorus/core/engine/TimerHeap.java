package io.chorus.core.engine;

import java.util.Arrays;

/**
 * The one timer queue of every loop: a binary min-heap of entries ordered by due time, then by the
 * order they were added, so that entries due together come out in the order they went in (as on a
 * {@code ScheduledThreadPoolExecutor}). The node's thread loop and the simulator's virtual clock
 * both keep their tasks here, so both order ties the same way.
 *
 * <p>Times compare by their difference ({@code a - b < 0}), which orders {@link System#nanoTime}
 * values correctly across its overflow and agrees with {@code <} for the simulator's virtual times.
 * An entry knows its place in the heap, so it can be taken out at once and added again after it
 * came out; adding one that is already in is an error. Not thread-safe: its owner locks.
 *
 * @param <E> the entries
 */
public final class TimerHeap<E extends TimerHeap.Entry> {
    /** Something due at a time; in at most one heap at once. */
    public abstract static class Entry {
        private long time;
        private long seq;
        private int index = -1;

        /** @return when it is due */
        public final long time() {
            return time;
        }

        /** @param due when it is due; set while the entry is out of its heap */
        public final void time(long due) {
            if (index >= 0) {
                throw new IllegalStateException("an entry's time cannot change while it is queued");
            }
            this.time = due;
        }

        /** @return whether it is in a heap */
        public final boolean queued() {
            return index >= 0;
        }
    }

    private Entry[] heap;
    private int size;
    private long order;

    /** @param capacity the initial capacity (it grows as needed) */
    public TimerHeap(int capacity) {
        heap = new Entry[Math.max(2, capacity)];
    }

    /** @return how many entries are in */
    public int size() {
        return size;
    }

    /** @param e an entry not in a heap, its time set: it goes after every entry already in with the same time */
    public void add(E entry) {
        Entry e = entry;
        if (e.index >= 0) {
            throw new IllegalStateException("the entry is queued already");
        }
        e.seq = order++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
    }

    /** @return the earliest entry, left in; null when empty */
    @SuppressWarnings("unchecked")
    public E peek() {
        return size == 0 ? null : (E) heap[0];
    }

    /** @return the earliest entry, taken out; null when empty */
    @SuppressWarnings("unchecked")
    public E poll() {
        if (size == 0) {
            return null;
        }
        E top = (E) heap[0];
        removeAt(0);
        return top;
    }

    /**
     * @param e an entry
     * @return whether it was in this heap (it is out now)
     */
    public boolean remove(E entry) {
        Entry e = entry;
        int i = e.index;
        if (i < 0 || i >= size || heap[i] != e) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Takes every entry out. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].index = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private static boolean before(Entry a, Entry b) {
        return a.time - b.time < 0 || (a.time == b.time && a.seq < b.seq);
    }

    private void siftUp(int i, Entry e) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void siftDown(int i, Entry e) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int c = r < size && before(heap[r], heap[l]) ? r : l;
            if (!before(heap[c], e)) {
                break;
            }
            heap[i] = heap[c];
            heap[i].index = i;
            i = c;
        }
        heap[i] = e;
        e.index = i;
    }

    private void removeAt(int i) {
        Entry gone = heap[i];
        gone.index = -1;
        Entry last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftDown(i, last);
            if (last.index == i) {
                siftUp(i, last);
            }
        }
    }
}
