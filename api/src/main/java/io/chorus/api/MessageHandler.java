package io.chorus.api;

/**
 * Answers the messages of one topic (see {@link Cluster#handle}). It runs on the node's message
 * threads, never on the protocol loop, and may run for several messages at once: make it
 * thread-safe. A handler that blocks holds a message thread; messages that find every thread busy
 * and the queue full are refused (the requester gets {@link MessagingException.Reason#OVERLOADED}).
 */
@Stability(Stability.Level.EXPERIMENTAL)
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param message what arrived
     * @return the reply's payload for a request (ignored for a message sent with {@link Cluster#send});
     *     an empty array for an empty reply
     * @throws Exception to fail the request: the requester's future fails with
     *     {@link MessagingException.Reason#HANDLER_FAILED} and this exception's message
     */
    byte[] handle(Message message) throws Exception;

    /**
     * A handler for one-way messages that answers requests with an empty reply.
     *
     * @param consumer takes each message
     * @return the handler
     */
    static MessageHandler consuming(java.util.function.Consumer<? super Message> consumer) {
        java.util.Objects.requireNonNull(consumer, "consumer");
        return m -> {
            consumer.accept(m);
            return new byte[0];
        };
    }
}
