package com.example.chorus.fnv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.Chorus;
import io.chorus.api.Cluster;
import io.chorus.api.ClusterConfig;
import io.chorus.api.Profile;
import io.chorus.api.spi.HashFunction;
import io.chorus.api.spi.HashFunctionProvider;
import io.chorus.api.spi.ProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The README's provider example, as a user would check it: published FNV-1a vectors, ServiceLoader
 * finds the provider in its named module on the module path, a node started with
 * {@code hashFunction("fnv1a")} builds its ring with it, and the README shows this very code.
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
    void textHashesAsItsUtf8Bytes() {
        for (String s : List.of("", "ascii", "ünïcödé", "日本語", "emoji \uD83D\uDE00", "lone \uD800 surrogate", "end \uDC00")) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(FNV.hash(utf8, 0, utf8.length), FNV.hash(s), s);
        }
    }

    @Test
    void serviceLoaderFindsItInItsOwnModuleOnTheModulePath() {
        Module module = FnvHashProvider.class.getModule();
        module.addUses(HashFunctionProvider.class); // this test runs inside the provider module, which never loads the SPI itself
        assertTrue(module.isNamed(), "the example runs as a named module");
        assertEquals("com.example.chorus.fnv", module.getName());
        assertTrue(ServiceLoader.load(HashFunctionProvider.class).stream()
                .anyMatch(p -> p.type() == FnvHashProvider.class), "ServiceLoader lists the provider");
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
                "src/main/java/com/example/chorus/fnv/FnvHashProvider.java")) {
            String code = Files.readString(Path.of(file)).strip();
            assertTrue(readme.contains(code), "README.md lacks the text of examples/fnv-hash/" + file);
        }
    }
}
