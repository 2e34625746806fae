package io.chorus.core.sim;

import java.util.Arrays;

/** A binary min-heap of simulation events ordered by (time, sequence): deterministic order. */
final class EventQueue {
    private SimEvent[] heap = new SimEvent[1024];
    private int size;
    private long seq;

    void push(SimEvent e) {
        e.seq = seq++;
        e.queued = true;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            SimEvent p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
    }

    SimEvent peek() {
        return size == 0 ? null : heap[0];
    }

    SimEvent pop() {
        if (size == 0) {
            return null;
        }
        SimEvent top = heap[0];
        top.queued = false;
        SimEvent last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    break;
                }
                int r = l + 1;
                int c = r < size && before(heap[r], heap[l]) ? r : l;
                if (!before(heap[c], last)) {
                    break;
                }
                heap[i] = heap[c];
                i = c;
            }
            heap[i] = last;
        }
        return top;
    }

    int size() {
        return size;
    }

    private static boolean before(SimEvent a, SimEvent b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }
}
