package io.chorus.api;

import java.util.List;
import java.util.Objects;

/**
 * One change of a watched set of members (see {@link Cluster#watch}): the set after it, and how it
 * differs from the set before. The first change a watch delivers is the set at the time it was
 * made, every member in it {@code joined}.
 *
 * @param members the ALIVE members matching the watch now, sorted by name
 * @param joined members that match now and did not before: they joined, recovered, or gained the tags
 * @param left members that matched before and do not now: they left, failed, were suspected, or lost the tags
 * @param updated members that match before and after but changed their tags or address
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record MemberSetChange(List<Member> members, List<Member> joined, List<Member> left, List<Member> updated) {
    /** Checks and copies the components. */
    public MemberSetChange {
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        joined = List.copyOf(Objects.requireNonNull(joined, "joined"));
        left = List.copyOf(Objects.requireNonNull(left, "left"));
        updated = List.copyOf(Objects.requireNonNull(updated, "updated"));
    }
}
