package io.chorus.api;

import java.util.Map;
import java.util.Objects;

/**
 * A member of the cluster as the local node sees it.
 *
 * @param id the member's id
 * @param state its state
 * @param incarnation its incarnation: only the member itself raises it, to refute a suspicion,
 *     change its tags, or come back after a restart
 * @param tags its tags, an unmodifiable map
 */
@Stability(Stability.Level.STABLE)
public record Member(NodeId id, MemberState state, long incarnation, Map<String, String> tags) {

    /** Checks the components and freezes the tags. */
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tags, "tags");
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation " + incarnation + " must be >= 0");
        }
        tags = Map.copyOf(tags);
    }

    /** @return the member's name, the stable part of its id */
    public String name() {
        return id.name();
    }

    /**
     * @param key a tag key
     * @param value a tag value
     * @return whether the member carries that tag with that value
     */
    public boolean hasTag(String key, String value) {
        return value.equals(tags.get(key));
    }
}
