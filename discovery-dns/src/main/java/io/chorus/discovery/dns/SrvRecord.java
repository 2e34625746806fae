package io.chorus.discovery.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One SRV record.
 *
 * @param priority lower is tried first
 * @param weight the relative chance among records of equal priority
 * @param port the port of the service on the target
 * @param target the host name, without the trailing dot; {@code .} (empty here) means no service
 */
record SrvRecord(int priority, int weight, int port, String target) {

    /**
     * Parses an SRV answer as the JDK gives it: {@code "priority weight port target."}.
     *
     * @param text the record data
     * @return the record
     * @throws IllegalArgumentException when the text is not four fields
     */
    static SrvRecord parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 4) {
            throw new IllegalArgumentException("malformed SRV record '" + text + "'");
        }
        String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
        return new SrvRecord(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), target);
    }

    /**
     * Orders records as RFC 2782 asks a client to try them: by priority, lowest first; within one
     * priority, a weighted random order, where each record in turn is picked with a chance
     * proportional to its weight among those not picked yet (weight 0 records get a small chance,
     * and come last in practice when others weigh more).
     *
     * @param records the records, in any order
     * @param random the source of randomness
     * @return the records in the order to try them
     */
    static List<SrvRecord> order(List<SrvRecord> records, RandomGenerator random) {
        TreeMap<Integer, List<SrvRecord>> byPriority = new TreeMap<>();
        for (SrvRecord r : records) {
            byPriority.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r);
        }
        List<SrvRecord> out = new ArrayList<>(records.size());
        for (List<SrvRecord> group : byPriority.values()) {
            // RFC 2782: the records of weight 0 first, then the others; then a running sum.
            List<SrvRecord> left = new ArrayList<>(group);
            left.sort(Comparator.comparingInt(r -> r.weight() == 0 ? 0 : 1));
            while (!left.isEmpty()) {
                long total = 0;
                for (SrvRecord r : left) {
                    total += r.weight();
                }
                long pick = total == 0 ? 0 : random.nextLong(total + 1);
                long sum = 0;
                int chosen = left.size() - 1;
                for (int i = 0; i < left.size(); i++) {
                    sum += left.get(i).weight();
                    if (sum >= pick) {
                        chosen = i;
                        break;
                    }
                }
                out.add(left.remove(chosen));
            }
        }
        return out;
    }
}
