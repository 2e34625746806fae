package io.chorus.agent;

import io.chorus.api.ClusterEvent;
import io.chorus.api.Member;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/** The agent's JSON shapes, shared by HTTP and tool output: members, events, names in snake_case. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /**
     * A member as the {@code /members} contract (the README's HTTP table) has it, and the agent's own
     * {@code age_ms}: how long ago it last saw the member's state change.
     */
    static Map<String, Object> member(Member m, long ageMillis) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.id().toString());
        o.put("name", m.name());
        o.put("host", m.id().address().host());
        o.put("port", m.id().address().port());
        o.put("state", m.state().name());
        o.put("incarnation", m.incarnation());
        o.put("tags", new TreeMap<>(m.tags()));
        o.put("age_ms", Math.max(0, ageMillis));
        return o;
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** @return the event's type as an SSE event name: {@code member-joined}, {@code ring-changed}, {@code user}, ... */
    static String eventType(ClusterEvent e) {
        if (e instanceof ClusterEvent.UserEvent) {
            return "user";
        }
        String simple = e.getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                b.append('-');
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString().replace("status-changed", "status");
    }

    /** @return the member an event is about (the current one for an update); empty for ring and status events */
    static Optional<Member> subject(ClusterEvent e) {
        if (e instanceof ClusterEvent.MemberJoined j) {
            return Optional.of(j.member());
        } else if (e instanceof ClusterEvent.MemberUpdated u) {
            return Optional.of(u.current());
        } else if (e instanceof ClusterEvent.MemberSuspected s) {
            return Optional.of(s.member());
        } else if (e instanceof ClusterEvent.MemberFailed f) {
            return Optional.of(f.member());
        } else if (e instanceof ClusterEvent.MemberLeft l) {
            return Optional.of(l.member());
        } else if (e instanceof ClusterEvent.MemberRecovered r) {
            return Optional.of(r.member());
        }
        return Optional.empty();
    }

    /**
     * An event as JSON: its type, then its member (with age 0) or its fields. A user event has its
     * {@code topic}, {@code sender} (the node id), {@code sender_name}, {@code size} in bytes, and
     * its {@code payload} as text when it is valid UTF-8 ({@code "encoding":"utf-8"}), else in
     * base64 ({@code "encoding":"base64"}).
     */
    static Map<String, Object> event(ClusterEvent e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", eventType(e));
        o.put("at", java.time.Instant.now().toString());
        subject(e).ifPresent(m -> o.put("member", member(m, 0)));
        if (e instanceof ClusterEvent.MemberUpdated u) {
            o.put("previous", member(u.previous(), 0));
        } else if (e instanceof ClusterEvent.MemberFailed f) {
            o.put("reason", f.reason().name());
        } else if (e instanceof ClusterEvent.RingChanged r) {
            o.put("epoch", r.epoch());
            o.put("members", r.members());
            o.put("moved_share", r.movedShare());
        } else if (e instanceof ClusterEvent.CoordinatorChanged c) {
            o.put("member", member(c.coordinator(), 0));
        } else if (e instanceof ClusterEvent.QuorumChanged q) {
            o.put("quorum", q.quorum());
            o.put("alive", q.alive());
            o.put("expected", q.expected());
        } else if (e instanceof ClusterEvent.NameConflict c) {
            o.put("holder", c.holder().toString());
            o.put("claimant", c.claimant().toString());
        } else if (e instanceof ClusterEvent.StatusChanged s) {
            o.put("status", s.current().name().toLowerCase(Locale.ROOT));
            o.put("previous", s.previous().name().toLowerCase(Locale.ROOT));
        } else if (e instanceof ClusterEvent.UserEvent u) {
            byte[] payload = u.payload();
            o.put("topic", u.topic());
            o.put("sender", u.sender().toString());
            o.put("sender_name", u.sender().name());
            o.put("size", payload.length);
            Optional<String> text = utf8(payload);
            o.put("payload", text.orElseGet(() -> Base64.getEncoder().encodeToString(payload)));
            o.put("encoding", text.isPresent() ? "utf-8" : "base64");
        }
        return o;
    }

    /** @return the bytes as text when they are well-formed UTF-8; empty when any sequence is malformed or unmappable */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
