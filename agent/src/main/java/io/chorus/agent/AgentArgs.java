package io.chorus.agent;

import io.chorus.api.Address;
import io.chorus.api.ClusterConfig;
import io.chorus.api.InvalidConfigException;
import io.chorus.api.InvalidNodeIdException;
import io.chorus.api.NodeId;
import io.chorus.api.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the flags of {@code chorus agent} strictly: known flags only, each with a value, single
 * ones given once; {@code --name} and {@code --bind} are required. A bad flag or value is a
 * {@link UsageException} naming the flag, the value and what is allowed.
 */
final class AgentArgs {
    static final String PREFIX = "chorus agent: ";

    static final String USAGE = String.join("\n",
            "usage: chorus agent --name NAME --bind HOST:PORT [--seed [NAME@]HOST:PORT]... [--tag KEY=VALUE]...",
            "                    [--transport udp+tcp|tcp|udp] [--profile lan|local|wan]",
            "  --name NAME        the node's name: a letter, then letters, digits, '_' or '-', at most 64 characters",
            "  --bind HOST:PORT   where to listen (IPv6 as [::1]:7946); others dial it unless advertised otherwise",
            "  --seed ADDRESS     a node to join through; repeat for several (default: none, start a new cluster)",
            "  --tag KEY=VALUE    a tag of this node; repeat for several",
            "  --transport T      udp+tcp (default when both are present), tcp, or udp",
            "  --profile P        timing profile: lan, local or wan (default lan)",
            "Every flag also takes the form --flag=value. The node prints its events, one a line, and leaves",
            "gracefully on SIGTERM or Ctrl-C.");

    private static final Set<String> SINGLE = Set.of("name", "bind", "transport", "profile");
    private static final Set<String> REPEATED = Set.of("seed", "tag");

    final ClusterConfig config;
    final List<Address> seeds;

    private AgentArgs(ClusterConfig config, List<Address> seeds) {
        this.config = config;
        this.seeds = seeds;
    }

    static AgentArgs parse(List<String> args) {
        String name = null;
        String bind = null;
        String transport = null;
        String profile = null;
        List<Address> seeds = new ArrayList<>();
        List<String[]> tags = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new UsageException(PREFIX + "unexpected argument '" + a + "': flags start with --, see chorus agent --help");
            }
            String flag = a.substring(2);
            String value;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = "";
            }
            if (!SINGLE.contains(flag) && !REPEATED.contains(flag)) {
                throw new UsageException(PREFIX + "unknown flag '--" + flag + "': known flags are --name, --bind, --seed, "
                        + "--tag, --transport, --profile");
            }
            if (value.isEmpty()) {
                throw new UsageException(PREFIX + "missing value for --" + flag);
            }
            switch (flag) {
                case "name":
                    name = once(flag, name, value);
                    break;
                case "bind":
                    bind = once(flag, bind, value);
                    break;
                case "transport":
                    transport = once(flag, transport, value);
                    break;
                case "profile":
                    profile = once(flag, profile, value);
                    break;
                case "seed":
                    seeds.add(seed(value));
                    break;
                default:
                    int kv = value.indexOf('=');
                    if (kv <= 0) {
                        throw new UsageException(PREFIX + "invalid --tag '" + value + "': KEY=VALUE with a non-empty key");
                    }
                    tags.add(new String[] {value.substring(0, kv), value.substring(kv + 1)});
                    break;
            }
        }
        if (name == null) {
            throw new UsageException(PREFIX + "missing --name: " + rule());
        }
        if (bind == null) {
            throw new UsageException(PREFIX + "missing --bind: HOST:PORT to listen on, as 127.0.0.1:7946");
        }
        try {
            NodeId.checkName(name);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(PREFIX + "invalid --name '" + name + "': " + rule());
        }
        Address at;
        try {
            at = Address.parse(bind);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(PREFIX + "invalid --bind '" + bind + "': " + e.getMessage());
        }
        ClusterConfig.Builder b = ClusterConfig.builder(name).bind(at.host(), at.port());
        try {
            if (profile != null) {
                b.profile(Profile.parse(profile));
            }
            if (transport != null) {
                b.transport(transport);
            }
            for (String[] t : tags) {
                b.tag(t[0], t[1]);
            }
            return new AgentArgs(b.build(), List.copyOf(seeds));
        } catch (InvalidConfigException e) {
            throw new UsageException(PREFIX + "invalid --" + e.field() + " '" + e.value().replace("'", "") + "': " + e.allowed());
        }
    }

    private static String rule() {
        return "a node name starts with a letter, then letters, digits, '_' or '-', at most 64 characters";
    }

    private static String once(String flag, String previous, String value) {
        if (previous != null) {
            throw new UsageException(PREFIX + "--" + flag + " given twice ('" + previous + "' and '" + value + "'): give it once");
        }
        return value;
    }

    private static Address seed(String value) {
        String text = value;
        int at = value.indexOf('@');
        try {
            if (at >= 0) {
                return NodeId.parse(value).address();
            }
            return Address.parse(text);
        } catch (InvalidNodeIdException e) {
            throw new UsageException(PREFIX + "invalid --seed '" + value + "': [NAME@]HOST:PORT (" + e.getMessage() + ")");
        }
    }
}
