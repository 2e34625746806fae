package io.chorus.agent;

import io.chorus.api.Address;
import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Profile;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A member in a JVM of its own, for {@link MessagingProcessTest}: joins the given seed and answers
 * topic {@code hold} by printing {@code ENTERED} and never replying, so that the test can kill the
 * process with a request in flight.
 */
public final class MessagingResponder {
    private MessagingResponder() {
    }

    /**
     * @param args the node's name and the seed's {@code host:port}
     * @throws InterruptedException never in practice: it waits to be killed
     */
    public static void main(String[] args) throws InterruptedException {
        Cluster node = Chorus.create(ClusterConfig.builder(args[0]).profile(Profile.LOCAL).bind("127.0.0.1", 0).build()).start();
        node.handle("hold", m -> {
            System.out.println("ENTERED");
            System.out.flush();
            new CountDownLatch(1).await();
            return new byte[0];
        });
        node.join(List.of(Address.parse(args[1])));
        System.out.println("READY " + node.localId());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
