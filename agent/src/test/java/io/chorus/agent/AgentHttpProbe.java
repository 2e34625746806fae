package io.chorus.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;

/** Small reads of an agent's HTTP endpoint for tests: a status code, the number of open event streams. */
final class AgentHttpProbe {
    private AgentHttpProbe() {
    }

    static int code(String http, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + http + path).toURL().openConnection();
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return how many {@code /events} streams the agent has open, from {@code /info} */
    static int streams(String http) {
        try {
            return Json.MAPPER.readTree(AgentClient.get(http, "/info")).path("http_streams").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
