package io.chorus.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;

/**
 * Ports for nodes that tests start in other processes, which must be chosen before the processes
 * bind them. They are picked below the kernel's ephemeral range, so that no port-0 bind and no
 * outgoing connection of this machine takes one between the pick and the bind.
 */
public final class Ports {
    private Ports() {
    }

    /**
     * @param n how many
     * @return {@code n} distinct ports free on loopback for both TCP and UDP, as a node binds both
     * @throws IOException if there are not that many free below the ephemeral range
     */
    public static int[] free(int n) throws IOException {
        int top = ephemeralLow() - 1;
        int bottom = Math.max(1024, top - 12_000);
        SplittableRandom random = new SplittableRandom();
        LinkedHashSet<Integer> picked = new LinkedHashSet<>();
        for (int tries = 0; picked.size() < n; tries++) {
            if (tries > 10_000) {
                throw new IOException("no " + n + " free ports for TCP and UDP on loopback between " + bottom + " and " + top);
            }
            int port = bottom + random.nextInt(top - bottom + 1);
            if (!picked.contains(port) && isFree(port)) {
                picked.add(port);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
                DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** @return the lowest port the kernel hands out for port 0 and outgoing connections (32768 when unknown) */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > 4096 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
