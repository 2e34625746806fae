package io.chorus.api;

import java.util.Objects;

/**
 * The join was refused because a live member already holds this node's name at another address.
 * Names are unique in a cluster; rename this node, or stop the other one first. A node that
 * restarts at the address it had is a reincarnation and joins as usual; one that moves to a new
 * address joins once its old address has stopped answering.
 */
@Stability(Stability.Level.STABLE)
public class NameConflictException extends ChorusException {
    private static final long serialVersionUID = 1L;

    private final transient NodeId holder;

    /**
     * @param holder the member that holds the name, at its address
     * @param seed the seed that reported the conflict
     */
    public NameConflictException(NodeId holder, Address seed) {
        super("join refused: the name " + Objects.requireNonNull(holder, "holder").name() + " is held by a live member at "
                + holder.address() + " (reported by seed " + Objects.requireNonNull(seed, "seed")
                + "); give this node another name, or stop the other one first");
        this.holder = holder;
    }

    /** @return the member that holds the name, at its address */
    public NodeId holder() {
        return holder;
    }
}
