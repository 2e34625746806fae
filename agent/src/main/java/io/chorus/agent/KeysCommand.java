package io.chorus.agent;

import io.chorus.api.InvalidConfigException;
import io.chorus.api.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
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
    private KeysCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = Operator.spec("keys", "Lists, installs, promotes or removes a running agent's keys, with no "
                + "restart, or shows or switches its encryption. A rotation: install the new secret on every node, promote it on every node, then remove the "
                + "old key.");
        spec.addPositional(Cli.argument(0, "list|install|promote|remove|encryption", "0..1", "list (the default): the keys, the primary "
                + "marked; install: add the key in --secret-file; promote KEY-ID: sign with it from now on; remove KEY-ID: "
                + "stop accepting it"));
        spec.addPositional(Cli.argument(1, "KEY-ID", "0..1", "the key to promote or remove: 8 hex digits, as list prints them; "
                + "for encryption, the mode to switch to: off, accept, send or on"));
        spec.addOption(Cli.flag("secret-file", "FILE", "FILE, holding the new secret (at least 16 bytes)",
                "the new secret, for install"));
        return spec;
    }

    static int run(ParseResult parsed, Cli cli) {
        List<String> ops = Cli.arguments(parsed, 0);
        List<String> ids = Cli.arguments(parsed, 1);
        String op = ops.isEmpty() ? "list" : ops.get(0);
        if (!List.of("list", "install", "promote", "remove", "encryption").contains(op)) {
            throw new UsageException(PREFIX + "unknown operation '" + op + "': list, install, promote KEY-ID, remove KEY-ID or encryption [MODE]");
        }
        String id = ids.isEmpty() ? null : ids.get(0);
        String secretFile = Cli.single(parsed, PREFIX, "--secret-file", "FILE").orElse(null);
        if (op.equals("encryption") && id != null && !List.of("off", "accept", "send", "on").contains(id)) {
            throw new UsageException(PREFIX + "invalid encryption mode '" + id + "': off, accept, send or on");
        }
        if (id != null && !op.equals("promote") && !op.equals("remove") && !op.equals("encryption")) {
            throw new UsageException(PREFIX + "unexpected argument '" + id + "': " + op + " takes no key id");
        }
        Operator.Target target = Operator.target(parsed, cli, PREFIX);
        String http = target.http();
        PrintStream out = cli.out;
        PrintStream err = cli.err;
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
                    answer = target.call("POST", "/keys", secret.bytes());
                }
                case "promote" -> answer = target.call("POST", "/keys/" + id + "/promote", new byte[0]);
                case "remove" -> answer = target.call("DELETE", "/keys/" + id, null);
                default -> answer = target.call("GET", "/keys", null);
                case "encryption" -> answer = id == null ? target.call("GET", "/keys/encryption", null)
                        : target.call("POST", "/keys/encryption/" + id, new byte[0]);
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
