package io.chorus.core.engine;

import io.chorus.api.Member;
import io.chorus.api.MemberState;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable view of one node's membership, published after each change. */
public final class Snapshot {
    private static final Comparator<Member> BY_NAME = Comparator.comparing(Member::name);

    private final long version;
    private final Member local;
    private final Member[] members;
    private final Member coordinator;
    private final boolean quorum;
    private volatile List<Member> sorted;
    private volatile Map<String, Member> byName;

    Snapshot(long version, Member local, Member[] members, Member coordinator, boolean quorum) {
        this.version = version;
        this.local = local;
        this.members = members;
        this.coordinator = coordinator;
        this.quorum = quorum;
    }

    /** @return the oldest ALIVE member, or null when there is none */
    public Member coordinator() {
        return coordinator;
    }

    /** @return whether this node saw a strict majority of the cluster ALIVE */
    public boolean quorum() {
        return quorum;
    }

    /** @return increases with every published change */
    public long version() {
        return version;
    }

    /** @return the local member */
    public Member local() {
        return local;
    }

    /** @return every member sorted by name */
    public List<Member> members() {
        List<Member> s = sorted;
        if (s == null) {
            Member[] copy = members.clone();
            Arrays.sort(copy, BY_NAME);
            s = List.of(copy);
            sorted = s;
        }
        return s;
    }

    /** @param name a name @return that member or null */
    public Member byName(String name) {
        Map<String, Member> m = byName;
        if (m == null) {
            m = new HashMap<>(members.length * 2);
            for (Member x : members) {
                m.put(x.name(), x);
            }
            byName = m;
        }
        return m.get(name);
    }

    /** @return how many members are ALIVE */
    public int aliveCount() {
        int n = 0;
        for (Member m : members) {
            if (m.state() == MemberState.ALIVE) {
                n++;
            }
        }
        return n;
    }
}
