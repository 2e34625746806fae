package io.chorus.core.assembly;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Option;
import io.chorus.api.Options;
import io.chorus.api.ProviderException;
import io.chorus.api.spi.Provider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a node's options against the declarations ({@link Provider#options()}) of every provider
 * present, the engine's included, when the node is created:
 * <ul>
 *   <li>a declared key's value is read now, so a bad value fails {@code Chorus.create} rather than
 *       {@code start} (an {@link InvalidConfigException} naming the key, the value and the range);</li>
 *   <li>an unknown key under a prefix some module declares (any dotted start of a declared key:
 *       {@code ring}, {@code transport}, {@code transport.udp}) fails naming the key, the nearest
 *       declared key under that prefix, and the modules that declare it;</li>
 *   <li>a key under no declared prefix fails listing the modules present and the prefixes each
 *       declares.</li>
 * </ul>
 * Cross-option rules (one option bounded by another) stay with the provider that reads them, in its
 * {@code create}.
 */
final class DeclaredOptions {
    /** Where every option is listed, named in the messages. */
    static final String REFERENCE = "docs/options.md";
    /** The largest edit distance at which a key under no known prefix still gets a suggestion. */
    private static final int FAR = 3;

    /** One declaration, with where its provider lives ({@code module x.y} or {@code class path ...}). */
    private record Declared(Option<?> option, String origin) {
    }

    private final Map<String, List<Declared>> byKey = new TreeMap<>();
    /** Every dotted start of a declared key ({@code transport}, {@code transport.udp}), with the origins that declare under it. */
    private final Map<String, Set<String>> prefixes = new TreeMap<>();

    private DeclaredOptions() {
    }

    /**
     * @param options the node's options
     * @param providers every provider present, the engine's included; a class seen twice counts once
     * @throws InvalidConfigException for the first key, in key order, that is unknown or has a bad value
     * @throws ProviderException if a provider fails to list its options or lists a null
     */
    static void check(Options options, Collection<? extends Provider> providers) {
        Objects.requireNonNull(options, "options");
        of(providers).check(options);
    }

    /**
     * @param providers the providers whose declarations count; a class seen twice counts once
     * @return the declarations, indexed
     */
    static DeclaredOptions of(Collection<? extends Provider> providers) {
        Map<Class<?>, Provider> distinct = new LinkedHashMap<>();
        for (Provider p : providers) {
            distinct.putIfAbsent(p.getClass(), p);
        }
        DeclaredOptions declared = new DeclaredOptions();
        for (Provider p : distinct.values()) {
            String origin = ProviderSource.originOf(p.getClass());
            for (Option<?> o : optionsOf(p, origin)) {
                declared.byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(new Declared(o, origin));
                String key = o.key();
                for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
                    declared.prefixes.computeIfAbsent(key.substring(0, dot), k -> new TreeSet<>()).add(origin);
                }
            }
        }
        return declared;
    }

    private static List<Option<?>> optionsOf(Provider p, String origin) {
        String where = "the provider " + p.getClass().getName() + " (" + origin + ")";
        List<Option<?>> options;
        try {
            options = p.options();
        } catch (RuntimeException e) {
            throw new ProviderException(where + " failed to list its options: " + e, e);
        }
        if (options == null || options.stream().anyMatch(Objects::isNull)) {
            throw new ProviderException(where + " listed a null among its options (options()); return List.of() for none");
        }
        return options;
    }

    /** @param options the node's options, each read through its declarations or rejected */
    void check(Options options) {
        for (Map.Entry<String, String> e : options.asMap().entrySet()) {
            List<Declared> declarations = byKey.get(e.getKey());
            if (declarations == null) {
                throw unknown(e.getKey(), e.getValue());
            }
            for (Declared d : declarations) {
                d.option().find(options);
            }
        }
    }

    /** @return the error for a key nobody declares */
    InvalidConfigException unknown(String key, String value) {
        String prefix = null;
        for (int dot = key.lastIndexOf('.'); dot > 0 && prefix == null; dot = key.lastIndexOf('.', dot - 1)) {
            if (prefixes.containsKey(key.substring(0, dot))) {
                prefix = key.substring(0, dot);
            }
        }
        if (prefix != null) {
            String under = prefix + ".";
            String nearest = nearest(key, byKey.keySet().stream().filter(k -> k.startsWith(under)).collect(Collectors.toList()));
            return new InvalidConfigException(key, value, "unknown option; did you mean " + nearest + "? (the options under "
                    + prefix + " are declared by " + String.join(" and ", prefixes.get(prefix)) + "; " + REFERENCE
                    + " lists every option)");
        }
        int dot = key.indexOf('.');
        String first = dot < 0 ? key : key.substring(0, dot);
        StringBuilder sb = new StringBuilder("unknown option: no module present declares options under ").append(first);
        if (!byKey.isEmpty()) {
            String nearest = nearest(key, byKey.keySet());
            if (distance(key, nearest) <= FAR) {
                sb.append("; did you mean ").append(nearest).append('?');
            }
        }
        sb.append(byKey.isEmpty() ? "; the modules present declare no options" : "; the modules present declare " + listing())
                .append(" (").append(REFERENCE).append(" lists every option); add the module that reads ").append(key)
                .append(", or remove the option");
        return new InvalidConfigException(key, value, sb.toString());
    }

    /** @return {@code module a.b (p, q), module c.d (r)}: each origin with the prefixes of the keys it declares */
    private String listing() {
        Map<String, Set<String>> byOrigin = new TreeMap<>();
        for (List<Declared> ds : byKey.values()) {
            for (Declared d : ds) {
                byOrigin.computeIfAbsent(d.origin(), o -> new TreeSet<>()).add(d.option().prefix());
            }
        }
        return byOrigin.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** @return the candidate nearest to the key by edit distance, the first in order on a tie */
    static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new TreeSet<>(candidates)) {
            int d = distance(key, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Objects.requireNonNull(best, "no candidates");
    }

    /** @return the Levenshtein distance: insertions, deletions and substitutions of one character */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
