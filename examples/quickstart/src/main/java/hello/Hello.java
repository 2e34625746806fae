package hello;

import io.chorus.api.Address;
import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Member;
import io.chorus.api.Profile;
import java.util.ArrayList;
import java.util.List;

/** One node: {@code hello.Hello NAME HOST:PORT [SEED_HOST:PORT ...]}; without seeds it starts a cluster. */
public class Hello {
    public static void main(String[] args) throws Exception {
        Address bind = Address.parse(args[1]);
        ClusterConfig config = ClusterConfig.builder(args[0])        // the node's name: web-1@host:port
                .profile(Profile.LAN)                                  // LAN, WAN or LOCAL timing presets
                .bind(bind.host(), bind.port())
                .tag("role", "web")
                .build();                                              // every field is range-checked
        List<Address> seeds = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            seeds.add(Address.parse(args[i]));
        }
        Cluster node = Chorus.create(config).start();                  // finds chorus-core and its providers
        Runtime.getRuntime().addShutdownHook(new Thread(node::close)); // Ctrl-C or SIGTERM: leave gracefully
        node.subscribe(event -> System.out.println(event));            // ordered, on the node's event thread
        node.join(seeds);                                              // no seeds: this node starts a cluster
        for (Member m : node.membersWithTag("role", "web")) {           // the view is complete once join returns
            System.out.println(m.id() + " " + m.state() + " " + m.tags());
        }
        Thread.currentThread().join();                                 // run until stopped
    }
}
