package io.chorus.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * The client side of the agent's HTTP endpoint, for {@code members}, {@code keys} and the demo:
 * one request with a timeout, the answer as text, an error answer as an {@link IOException} that
 * quotes the agent's {@code error}.
 */
final class AgentClient {
    private static final int TIMEOUT_MS = 5_000;
    /** A join or a leave may take the agent's join or leave timeout to answer. */
    private static final int READ_TIMEOUT_MS = 120_000;

    private AgentClient() {
    }

    /**
     * Checks a {@code --http HOST:PORT} value.
     *
     * @param prefix the command's message prefix
     * @param http the value
     * @return the value
     * @throws UsageException naming the value when it is not HOST:PORT with a port from 1 to 65535
     */
    static String address(String prefix, String http) {
        return address(prefix, http, "--http");
    }

    /**
     * Checks an agent's HTTP address.
     *
     * @param prefix the command's message prefix
     * @param http the value
     * @param where the flag or variable it came from
     * @return the value
     * @throws UsageException naming the value when it is not HOST:PORT with a port from 1 to 65535
     */
    static String address(String prefix, String http, String where) {
        int colon = http.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(http.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new UsageException(prefix + "invalid " + where + " '" + http + "': HOST:PORT with a port from 1 to 65535");
        }
        return http;
    }

    /** @return the answer to {@code GET http://HTTP/PATH} */
    static String get(String http, String path) throws IOException {
        return call("GET", http, path, null);
    }

    /**
     * @param method the HTTP method
     * @param http the agent's HOST:PORT
     * @param path the path and query
     * @param body the request body, or null for none
     * @return the answer's body
     * @throws IOException when the agent cannot be reached or answers 400 or above
     */
    static String call(String method, String http, String path, byte[] body) throws IOException {
        return call(method, http, path, body, Optional.empty());
    }

    /**
     * @param method the HTTP method
     * @param http the agent's HOST:PORT
     * @param path the path and query
     * @param body the request body, or null for none
     * @param token the bearer token to show, if any
     * @return the answer's body
     * @throws IOException when the agent cannot be reached or answers 400 or above
     */
    static String call(String method, String http, String path, byte[] body, Optional<String> token) throws IOException {
        HttpURLConnection c = open(method, http, path, token);
        c.setReadTimeout(READ_TIMEOUT_MS);
        try {
            if (body != null) {
                c.setDoOutput(true);
                c.getOutputStream().write(body);
            }
            return answer(c);
        } finally {
            c.disconnect();
        }
    }

    /**
     * Opens a stream that stays open: {@code GET /events}, read until the agent closes it.
     *
     * @return the body, to read line by line
     * @throws IOException when the agent cannot be reached or refuses
     */
    static InputStream stream(String http, String path, Optional<String> token) throws IOException {
        HttpURLConnection c = open("GET", http, path, token);
        c.setReadTimeout(0); // the agent sends a keep-alive comment every 15 s; an idle cluster is no error
        int code = c.getResponseCode();
        if (code >= 400) {
            answer(c);
        }
        return c.getInputStream();
    }

    private static HttpURLConnection open(String method, String http, String path, Optional<String> token)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + http + path).toURL().openConnection();
        c.setConnectTimeout(TIMEOUT_MS);
        c.setRequestMethod(method);
        token.ifPresent(t -> c.setRequestProperty("Authorization", "Bearer " + t));
        return c;
    }

    /** @return the body of a successful answer; an error answer is an IOException quoting the agent's error */
    private static String answer(HttpURLConnection c) throws IOException {
        int code = c.getResponseCode();
        InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (code >= 400) {
            String message = text;
            try {
                message = Json.MAPPER.readTree(text).path("error").asString(text);
            } catch (JacksonException notJson) {
                // keep the text
            }
            throw new IOException("the agent refused (HTTP " + code + "): " + message.strip());
        }
        return text;
    }
}
