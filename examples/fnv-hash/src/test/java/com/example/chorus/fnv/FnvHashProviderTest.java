package com.example.chorus.fnv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Profile;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's provider example, beyond the test kit's contract ({@link FnvHashContractTest}: text
 * as UTF-8, ranges, spread, no allocation, ServiceLoader on both paths): published FNV-1a vectors,
 * a node started with {@code hashFunction("fnv1a")} builds its ring with it, and the README shows
 * this very code.
 */
class FnvHashProviderTest {
    private static final HashFunction FNV = new FnvHashProvider().create(ProviderContext.of(ClusterConfig.builder("t").build()));

    @Test
    void publishedVectors() {
        assertEquals(0xcbf29ce484222325L, FNV.hash(""));
        assertEquals(0xaf63dc4c8601ec8cL, FNV.hash("a"));
        assertEquals(0x85944171f73967e8L, FNV.hash("foobar"));
    }

    @Test
    void aNodeSelectsItByIdAndItsRingUsesIt() {
        ClusterConfig config = ClusterConfig.builder("fnv-node").profile(Profile.LOCAL).bind("127.0.0.1", 0)
                .hashFunction("fnv1a").build();
        try (Cluster node = Chorus.create(config).start()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (node.ring().members().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the ring never held the node");
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            assertEquals("fnv-node", node.ring().owner("any key").orElseThrow().name());
        }
        ClusterConfig absent = ClusterConfig.builder("x").bind("127.0.0.1", 0).hashFunction("fnv2").build();
        String message = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> Chorus.create(absent).start().close()).getMessage();
        assertTrue(message.contains("fnv1a"), "an unknown id lists the ones present, ours among them: " + message);
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        for (String file : List.of("src/main/java/module-info.java",
                "src/main/java/com/example/chorus/fnv/FnvHashProvider.java",
                "src/test/java/com/example/chorus/fnv/FnvHashContractTest.java")) {
            String code = Files.readString(Path.of(file)).strip();
            assertTrue(readme.contains(code), "README.md lacks the text of examples/fnv-hash/" + file);
        }
    }
}
