package io.chorus.agent;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live view: {@code GET /} serves one page, with its style sheet, script and icon under
 * {@code /ui/}, from this module's resources ({@code io/chorus/agent/ui/}). Nothing is fetched from
 * elsewhere, so it works on a network with no way out. The page reads {@code /health},
 * {@code /members}, {@code /stats} and {@code /ring/shares}, then follows {@code /events}.
 *
 * <p>Every answer carries a Content-Security-Policy that allows only this origin: scripts, styles,
 * images and connections from self, no inline script or style, no plugins, no framing, no form
 * posts elsewhere. The page writes member-supplied strings (names, tags) as text, never as markup.
 */
final class LiveView {
    /** The policy of every file of the view. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String type, byte[] body) {
    }

    private static final Map<String, Asset> ASSETS = load();

    private LiveView() {
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> m = new LinkedHashMap<>();
        m.put("/", asset("index.html", "text/html; charset=utf-8"));
        m.put("/ui/view.css", asset("view.css", "text/css; charset=utf-8"));
        m.put("/ui/view.js", asset("view.js", "text/javascript; charset=utf-8"));
        m.put("/ui/icon.svg", asset("icon.svg", "image/svg+xml"));
        return Map.copyOf(m);
    }

    private static Asset asset(String file, String type) {
        String name = "ui/" + file;
        try (InputStream in = LiveView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the agent's jar lacks its resource io/chorus/agent/" + name);
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's resource io/chorus/agent/" + name, e);
        }
    }

    /** @return whether {@code path} is a file of the view */
    static boolean serves(String path) {
        return ASSETS.containsKey(path);
    }

    /**
     * Answers a GET or HEAD of one of the view's files.
     *
     * @param x the exchange
     * @param path a path {@link #serves} accepts
     */
    static void serve(HttpExchange x, String path) throws IOException {
        Asset a = ASSETS.get(path);
        var h = x.getResponseHeaders();
        h.set("Content-Type", a.type());
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-cache");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(200, head ? -1 : a.body().length);
        if (!head) {
            x.getResponseBody().write(a.body());
        }
    }

    /** @return the bytes of a file of the view, as served (for tests) */
    static String text(String path) {
        return new String(ASSETS.get(path).body(), StandardCharsets.UTF_8);
    }
}
