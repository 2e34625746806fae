package io.chorus.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.ClusterEvent;
import io.chorus.api.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a user event reads in {@code /events} and in the agent's output. */
class UserEventJsonTest {
    private static final NodeId SENDER = new NodeId("web-1", "10.0.0.5", 7946);

    private static Map<String, Object> json(byte[] payload) {
        return Json.event(new ClusterEvent.UserEvent("deploy", SENDER, payload));
    }

    @Test
    void textIsShownAsTextWithEveryField() {
        byte[] bytes = "v1.2 → prod".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> o = json(bytes);
        assertEquals(List.of("type", "at", "topic", "sender", "sender_name", "size", "payload", "encoding"),
                List.copyOf(o.keySet()));
        assertEquals("user", o.get("type"));
        assertEquals("deploy", o.get("topic"));
        assertEquals("web-1@10.0.0.5:7946", o.get("sender"));
        assertEquals("web-1", o.get("sender_name"));
        assertEquals(bytes.length, o.get("size"));
        assertEquals("v1.2 → prod", o.get("payload"));
        assertEquals("utf-8", o.get("encoding"));
        assertEquals("user", Json.eventType(new ClusterEvent.UserEvent("deploy", SENDER, bytes)));
    }

    @Test
    void anythingThatIsNotStrictUtf8IsBase64() {
        Map<String, byte[]> notUtf8 = Map.of(
                "invalid bytes", new byte[] {(byte) 0xff, 0x00, (byte) 0xfe},
                "an overlong NUL", new byte[] {(byte) 0xc0, (byte) 0x80},
                "an encoded surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                "a truncated sequence", new byte[] {'a', (byte) 0xe2, (byte) 0x86});
        notUtf8.forEach((what, bytes) -> {
            Map<String, Object> o = json(bytes);
            assertEquals("base64", o.get("encoding"), what);
            assertEquals(java.util.Base64.getEncoder().encodeToString(bytes), o.get("payload"), what);
            assertEquals(bytes.length, o.get("size"), what);
        });
        assertEquals("/wD+", json(new byte[] {(byte) 0xff, 0x00, (byte) 0xfe}).get("payload"));
    }

    @Test
    void controlCharactersStayOnOneSseDataLine() {
        String data = Json.write(json("a\nb\r\nc\u0000".getBytes(StandardCharsets.UTF_8)));
        assertTrue(data.indexOf('\n') < 0 && data.indexOf('\r') < 0, data);
        assertEquals("a\nb\r\nc\u0000", Json.MAPPER.readTree(data).path("payload").asString());
    }

    @Test
    void theAgentPrintsOneLinePerUserEvent() {
        assertEquals("user deploy from web-1@10.0.0.5:7946 3 bytes",
                AgentCommand.describe(new ClusterEvent.UserEvent("deploy", SENDER, new byte[3])));
    }
}
