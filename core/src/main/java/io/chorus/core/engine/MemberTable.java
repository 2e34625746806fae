package io.chorus.core.engine;

import io.chorus.api.Member;
import io.chorus.api.MemberState;
import io.chorus.core.wire.Peer;
import io.chorus.core.wire.Tags;
import java.util.Arrays;

/**
 * The members one node knows, keyed by name, as parallel arrays (no object per member beyond the
 * interned peer): compact enough for 10,000 simulated nodes of 10,000 members each in one JVM.
 * Owned by the protocol loop. Slots move when a member is removed.
 *
 * <p>A member's state is a {@link MemberState}, kept as its ordinal in {@link #states} (the same
 * number a SYNC entry carries on the wire).
 */
final class MemberTable {
    private static final MemberState[] STATES = MemberState.values();
    private static final int DEAD = MemberState.DEAD.ordinal();

    Peer[] peers = new Peer[16];
    /** Each peer's wire hash, kept beside it so that scans (digests) need not touch the peers. */
    int[] wireHashes = new int[16];
    /** Each member's {@link MemberState} ordinal. */
    byte[] states = new byte[16];
    long[] incs = new long[16];
    Tags[] tags = new Tags[16];
    long[] changedAt = new long[16];
    /** When the member last sent us a packet itself (loop clock), or 0. */
    long[] heardAt = new long[16];
    /**
     * Whether the member's last header advertised that it inflates compressed frames. Cleared when
     * it is added, moves or goes DEAD or LEFT (it may come back as an older build), until it is heard again.
     */
    boolean[] inflates = new boolean[16];
    Suspicion[] suspicions = new Suspicion[16];
    Member[] cache;
    int size;
    private final int[] counts = new int[STATES.length];
    /** Open addressing by name hash: each entry is {@code hash << 32 | slot + 1}, 0 when empty. */
    private long[] index = new long[32];

    MemberTable(boolean cacheMembers) {
        cache = cacheMembers ? new Member[16] : null;
    }

    /** @return the slot of the member with this peer's name, or -1 */
    int find(Peer p) {
        int h = p.nameHash();
        long[] ix = index;
        int mask = ix.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long e = ix[i];
            if (e == 0) {
                return -1;
            }
            if ((int) (e >>> 32) == h) {
                int s = (int) e - 1;
                Peer q = peers[s];
                if (q == p || q.name().equals(p.name())) {
                    return s;
                }
            }
        }
    }

    /** @return the slot of the member with this name, or -1 */
    int find(String name) {
        int h = spread(name.hashCode());
        long[] ix = index;
        int mask = ix.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long e = ix[i];
            if (e == 0) {
                return -1;
            }
            if ((int) (e >>> 32) == h && peers[(int) e - 1].name().equals(name)) {
                return (int) e - 1;
            }
        }
    }

    /** Grows the arrays to hold {@code capacity} members without further copying. */
    void ensureCapacity(int capacity) {
        if (capacity > peers.length) {
            int n = capacity;
            peers = Arrays.copyOf(peers, n);
            wireHashes = Arrays.copyOf(wireHashes, n);
            states = Arrays.copyOf(states, n);
            incs = Arrays.copyOf(incs, n);
            tags = Arrays.copyOf(tags, n);
            changedAt = Arrays.copyOf(changedAt, n);
            heardAt = Arrays.copyOf(heardAt, n);
            inflates = Arrays.copyOf(inflates, n);
            suspicions = Arrays.copyOf(suspicions, n);
            if (cache != null) {
                cache = Arrays.copyOf(cache, n);
            }
        }
        int indexLength = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) * 2;
        if (indexLength > index.length) {
            rehash(indexLength);
        }
    }

    /** @param slot a slot @return its member's state */
    MemberState state(int slot) {
        return STATES[states[slot]];
    }

    /** @param slot a slot @return whether its member is ALIVE or SUSPECT: one to probe and gossip to */
    boolean live(int slot) {
        return states[slot] < DEAD;
    }

    /** @param slot a slot @param p a peer @return whether the slot holds exactly this peer (same name and address) and it is live */
    boolean holdsLive(int slot, Peer p) {
        return slot >= 0 && peers[slot] == p && states[slot] < DEAD;
    }

    /** @param state a state @return how many members are in it */
    int count(MemberState state) {
        return counts[state.ordinal()];
    }

    /** @return members ALIVE or SUSPECT, the local node included */
    int liveCount() {
        return counts[MemberState.ALIVE.ordinal()] + counts[MemberState.SUSPECT.ordinal()];
    }

    int add(Peer p, MemberState s, long inc, Tags t, long now) {
        byte state = (byte) s.ordinal();
        if (size == peers.length) {
            ensureCapacity(size + (size >> 1) + 16);
        }
        if ((size + 1) * 2 > index.length) {
            rehash(index.length * 2);
        }
        int slot = size++;
        peers[slot] = p;
        wireHashes[slot] = p.wireHash();
        states[slot] = state;
        incs[slot] = inc;
        tags[slot] = t;
        changedAt[slot] = now;
        heardAt[slot] = 0;
        inflates[slot] = false;
        counts[state]++;
        place(slot);
        return slot;
    }

    void setState(int slot, MemberState s, long now) {
        byte state = (byte) s.ordinal();
        counts[states[slot]]--;
        counts[state]++;
        states[slot] = state;
        changedAt[slot] = now;
        if (state >= DEAD) {
            inflates[slot] = false;
        }
        invalidate(slot);
    }

    /** Replaces the peer of a slot (same name, new address). */
    void setPeer(int slot, Peer p) {
        peers[slot] = p;
        wireHashes[slot] = p.wireHash();
        inflates[slot] = false;
        invalidate(slot);
    }

    void invalidate(int slot) {
        if (cache != null) {
            cache[slot] = null;
        }
    }

    Member member(int slot) {
        Member m = cache == null ? null : cache[slot];
        if (m == null) {
            m = new Member(peers[slot].id(), STATES[states[slot]], incs[slot], tags[slot].map());
            if (cache != null) {
                cache[slot] = m;
            }
        }
        return m;
    }

    /** Removes a slot; the last slot moves into its place. */
    void remove(int slot) {
        counts[states[slot]]--;
        unplace(slot);
        int last = --size;
        if (slot != last) {
            unplace(last);
            peers[slot] = peers[last];
            wireHashes[slot] = wireHashes[last];
            states[slot] = states[last];
            incs[slot] = incs[last];
            tags[slot] = tags[last];
            changedAt[slot] = changedAt[last];
            heardAt[slot] = heardAt[last];
            inflates[slot] = inflates[last];
            suspicions[slot] = suspicions[last];
            if (cache != null) {
                cache[slot] = cache[last];
            }
            place(slot);
        }
        peers[last] = null;
        tags[last] = null;
        suspicions[last] = null;
        if (cache != null) {
            cache[last] = null;
        }
    }

    private static int spread(int h) {
        h *= 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    private void place(int slot) {
        int mask = index.length - 1;
        int h = peers[slot].nameHash();
        int i = h & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = ((long) h << 32) | (slot + 1L);
    }

    /** Removes a slot from the index with backward-shift deletion (linear probing). */
    private void unplace(int slot) {
        int mask = index.length - 1;
        int i = peers[slot].nameHash() & mask;
        while ((int) index[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int home = (int) (index[j] >>> 32) & mask;
            // move j into the hole unless its home lies in (hole, j]
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                index[hole] = index[j];
                index[j] = 0;
                hole = j;
            }
        }
        index[hole] = 0;
    }

    private void rehash(int capacity) {
        index = new long[capacity];
        for (int s = 0; s < size; s++) {
            place(s);
        }
    }
}
