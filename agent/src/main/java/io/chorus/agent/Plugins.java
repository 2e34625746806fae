package io.chorus.agent;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's plugins: every jar in {@code --plugin-dir} joins the agent's providers in a module
 * layer of its own over the boot layer. A modular jar is a module with its {@code provides}; a plain
 * jar becomes an automatic module, named from its file name, whose providers are its
 * {@code META-INF/services} files. Every plugin module is a root, so each one's providers are
 * found, and the layer's class loader (one for all plugins, its parent the agent's) is the one the
 * engine's ServiceLoader searches: the plugins' providers and the agent's own, side by side.
 *
 * <p>A plugin that cannot be loaded (not a jar, an invalid module name, a provider class that is
 * not there, a package another module holds, an api it needs that is not here) is a
 * {@link PluginException} naming the jar and why; the agent exits 2.
 */
final class Plugins {
    /** The plugins found: the loader to find providers with, and each plugin module with its jar. */
    record Loaded(ClassLoader loader, Map<String, Path> modules) {
    }

    /** A plugin directory or jar that cannot be used; the message names it and says why. */
    static final class PluginException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PluginException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Plugins() {
    }

    /**
     * @param dir the plugin directory
     * @return the plugins' loader and modules; empty when the directory holds no jar
     * @throws PluginException naming the jar that cannot be loaded, and why
     */
    static Optional<Loaded> load(Path dir) {
        List<Path> jars = jars(dir);
        if (jars.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Path> modules = new TreeMap<>();
        for (Path jar : jars) {
            ModuleReference ref = describe(jar);
            String name = ref.descriptor().name();
            Path before = modules.put(name, jar);
            if (before != null) {
                throw new PluginException("plugins " + before + " and " + jar + " are both module " + name + ": remove "
                        + "one", null);
            }
            if (ModuleLayer.boot().findModule(name).isPresent()) {
                throw new PluginException("plugin " + jar + " is module " + name + ", which the agent already has: remove it "
                        + "from " + dir, null);
            }
        }
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Configuration config;
        try {
            config = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), Set.copyOf(modules.keySet()));
        } catch (FindException | ResolutionException e) {
            throw new PluginException("the plugins in " + dir + " cannot be loaded: " + e.getMessage() + " (a plugin needs "
                    + "only io.chorus.api and the JDK, or modules in the same directory)", e);
        }
        ModuleLayer layer;
        try {
            layer = ModuleLayer.boot().defineModulesWithOneLoader(config, Plugins.class.getClassLoader());
        } catch (LayerInstantiationException | SecurityException e) {
            throw new PluginException("the plugins in " + dir + " cannot be loaded: " + e.getMessage(), e);
        }
        ClassLoader loader = layer.findLoader(modules.keySet().iterator().next());
        return Optional.of(new Loaded(loader, modules));
    }

    /** @return the jars in the directory, by name */
    private static List<Path> jars(Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    jars.add(f);
                }
            }
        } catch (IOException e) {
            throw new PluginException("cannot read the plugin directory " + dir + ": " + e, e);
        }
        jars.sort(null);
        return jars;
    }

    /** @return the module a jar is, modular or automatic */
    private static ModuleReference describe(Path jar) {
        try {
            Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
            if (found.size() != 1) {
                throw new PluginException("plugin " + jar + " is not a jar holding one module", null);
            }
            return found.iterator().next();
        } catch (FindException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new PluginException("plugin " + jar + " cannot be loaded: " + why + " (a plugin is a modular jar, or "
                    + "a plain jar with META-INF/services/io.chorus.api.spi.* files naming its providers)", e);
        }
    }
}
