package io.chorus.core.engine;

import io.chorus.api.FailureReason;
import io.chorus.core.wire.Header;
import io.chorus.core.wire.MessageVisitor;
import io.chorus.core.wire.Peer;

/**
 * A {@link MessageVisitor} that ignores everything: a test overrides the calls it hands to the part
 * under test, standing in for the {@link Inbox} with the real header of a real packet.
 */
class NoOpVisitor implements MessageVisitor {
    @Override
    public void ping(Header h, int seq, Peer target) {
    }

    @Override
    public void ack(Header h, int seq) {
    }

    @Override
    public void nack(Header h, int seq) {
    }

    @Override
    public void pingReq(Header h, int seq, Peer target) {
    }

    @Override
    public void alive(Header h, Peer member, long incarnation, TagsReader tags) {
    }

    @Override
    public void suspect(Header h, Peer member, long incarnation, Peer from) {
    }

    @Override
    public void dead(Header h, Peer member, long incarnation, Peer from, FailureReason reason) {
    }

    @Override
    public void left(Header h, Peer member, long incarnation) {
    }

    @Override
    public void sync(Header h, int flags, SyncReader entries) {
    }

    @Override
    public void digest(Header h, Digest digest) {
    }

    @Override
    public void unknown(Header h, int type) {
    }

    @Override
    public void userEvent(Peer origin, long stream, long seq, long low, int flags, String topic, byte[] payload, int offset,
            int length) {
    }
}
