package io.chorus.agent;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code chorus keys --http HOST:PORT [list | install --secret-file FILE | promote ID | remove ID |
 * encryption [MODE]]}: changes a running agent's keyring, or its encryption mode, with no restart.
 * The secret is read from a file here and sent to the agent, which accepts changes from loopback
 * only.
 */
final class KeysCommand {
    static final String PREFIX = "chorus keys: ";
    static final String USAGE = String.join("\n",
            "usage: chorus keys --http HOST:PORT [list | install --secret-file FILE | promote KEY-ID | remove KEY-ID",
            "                                     | encryption [off|accept|send|on]]",
            "  list                        the keys, the primary marked (the default)",
            "  install --secret-file FILE  add a key that verifies (and can later sign); the file holds the secret",
            "  promote KEY-ID              sign with this key from now on (install it on every node first)",
            "  remove KEY-ID               stop accepting a key (once no node signs with it)",
            "  encryption [MODE]           show the encryption mode, or switch to MODE: off (send signed, accept signed),",
            "                              accept (send signed, accept both), send (send sealed, accept both), on",
            "                              (send sealed, accept sealed)",
            "A rotation: install the new secret on every node, promote it on every node, then remove the old key.",
            "Switching encryption on: accept on every node, then send on every node, then on on every node (and back).");
    private KeysCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String http = null;
        String secretFile = null;
        String op = null;
        String id = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (a.equals("--http") && i + 1 < args.size()) {
                http = args.get(++i);
            } else if (a.startsWith("--http=")) {
                http = a.substring("--http=".length());
            } else if (a.equals("--secret-file") && i + 1 < args.size()) {
                secretFile = args.get(++i);
            } else if (a.startsWith("--secret-file=")) {
                secretFile = a.substring("--secret-file=".length());
            } else if (op == null && List.of("list", "install", "promote", "remove", "encryption").contains(a)) {
                op = a;
                if ((a.equals("promote") || a.equals("remove")) && i + 1 < args.size()) {
                    id = args.get(++i);
                }
                if (a.equals("encryption") && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    id = args.get(++i);
                    if (!List.of("off", "accept", "send", "on").contains(id)) {
                        throw new UsageException(PREFIX + "invalid encryption mode '" + id + "': off, accept, send or on");
                    }
                }
            } else {
                throw new UsageException(PREFIX + "unexpected argument '" + a + "': " + USAGE.lines().findFirst().orElse(""));
            }
        }
        op = op == null ? "list" : op;
        if (http == null) {
            throw new UsageException(PREFIX + "missing --http HOST:PORT: the --http address of a running agent");
        }
        AgentClient.address(PREFIX, http);
        if ((op.equals("promote") || op.equals("remove")) && (id == null || !id.matches("[0-9a-f]{8}"))) {
            throw new UsageException(PREFIX + op + " needs a key id: 8 hex digits, as chorus keys list prints them");
        }
        if (op.equals("install") && secretFile == null) {
            throw new UsageException(PREFIX + "install needs --secret-file FILE: the new secret, at least 16 bytes");
        }
        if (!op.equals("install") && secretFile != null) {
            throw new UsageException(PREFIX + "--secret-file goes with install only");
        }
        try {
            String answer;
            switch (op) {
                case "install" -> {
                    Secret secret;
                    try {
                        secret = Secret.fromFile(Path.of(secretFile));
                    } catch (InvalidConfigException e) {
                        throw new UsageException(PREFIX + "invalid --secret-file '" + secretFile + "': " + e.allowed());
                    }
                    answer = AgentClient.call("POST", http, "/keys", secret.bytes());
                }
                case "promote" -> answer = AgentClient.call("POST", http, "/keys/" + id + "/promote", new byte[0]);
                case "remove" -> answer = AgentClient.call("DELETE", http, "/keys/" + id, null);
                case "encryption" -> answer = id == null ? AgentClient.get(http, "/keys/encryption")
                        : AgentClient.call("POST", http, "/keys/encryption/" + id, new byte[0]);
                default -> answer = AgentClient.get(http, "/keys");
            }
            JsonNode json = Json.MAPPER.readTree(answer);
            if (op.equals("encryption")) {
                List<String> accepts = new java.util.ArrayList<>();
                json.path("accepts").values().forEach(v -> accepts.add(v.asString()));
                out.println("encryption " + json.path("encryption").asString() + ": sends " + json.path("sends").asString()
                        + ", accepts " + String.join(" and ", accepts) + "; traffic " + json.path("traffic").asString());
            } else if (json.has("keys")) {
                for (JsonNode k : json.path("keys").values()) {
                    out.println(k.path("id").asString() + (k.path("primary").asBoolean() ? "  primary" : ""));
                }
            } else {
                out.println("installed " + json.path("id").asString() + "; promote it once every node holds it");
            }
            return 0;
        } catch (ConnectException e) {
            err.println(PREFIX + "no agent answers at " + http + " (" + e.getMessage() + ")");
            return 1;
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            err.println(PREFIX + e.getMessage());
            return 1;
        }
    }
}
