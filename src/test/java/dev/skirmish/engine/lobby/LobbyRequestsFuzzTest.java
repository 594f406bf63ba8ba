package dev.skirmish.engine.lobby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.spi.wire.Protocol;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the lobby's JSON decoder: valid messages of every type, mutated as text and as JSON values (wrong
 * types, extreme numbers, oversized and control-laden strings, deep nesting). Every outcome is a valid request
 * or a {@link LobbyRequests.BadRequest} with one of the documented decode errors; nothing else escapes.
 */
class LobbyRequestsFuzzTest {
    private static final int MAX_CAPACITY = 32;
    private static final Set<ErrorCode> DECODE_ERRORS = EnumSet.of(ErrorCode.BAD_JSON, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.BAD_MESSAGE, ErrorCode.PROTOCOL_MISMATCH, ErrorCode.INVALID_NICKNAME,
            ErrorCode.INVALID_ROOM_NAME, ErrorCode.INVALID_CAPACITY, ErrorCode.INVALID_CHAT, ErrorCode.UNKNOWN_GAME);
    private static final List<String> VALID = List.of(
            "{\"type\":\"hello\",\"protocol\":" + Protocol.VERSION + ",\"nickname\":\"Ada\"}",
            "{\"type\":\"hello\",\"protocol\":" + Protocol.VERSION + ",\"nickname\":\"Bob\",\"token\":\"abc.def\"}",
            "{\"type\":\"listRooms\"}",
            "{\"type\":\"createRoom\",\"name\":\"Arena\",\"capacity\":8,\"private\":false}",
            "{\"type\":\"createRoom\",\"name\":\"Secret\",\"private\":true}",
            "{\"type\":\"joinRoom\",\"roomId\":\"h8t9tdxr\"}",
            "{\"type\":\"joinByCode\",\"code\":\"ABC123\"}",
            "{\"type\":\"quickPlay\"}",
            "{\"type\":\"quickPlay\",\"game\":\"cycles\"}",
            "{\"type\":\"createRoom\",\"name\":\"Ring\",\"game\":\"arena\"}",
            "{\"type\":\"leave\"}",
            "{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"gg\"}",
            "{\"type\":\"chat\",\"channel\":\"room\",\"text\":\"nice shot\"}");
    private static final String[] HOSTILE_VALUES = {
        "null", "true", "false", "0", "-0", "-1", "1.5", "2.0", "1e2", "1E+1", "1e999999999", "-1e999999999",
        "1e-999999999", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "\"\"", "\" \"",
        "\"\\u0000\"", "\"\\u202e\"", "\"\\ud800\"", "\"<script>alert(1)</script>\"", "[]", "{}", "[[[[[[[[]]]]]]]]",
        "{\"type\":\"hello\"}", "\"" + "x".repeat(3000) + "\"", "\"\\u2028\"", "\"\\uFEFFbom\"", "\"a\\tb\""};
    private static final String[] FIELDS = {"type", "protocol", "nickname", "token", "name", "capacity", "private", "game",
        "roomId", "code", "channel", "text", "extra"};
    private static final String NOISE = "{}[]\":,\\ 0123456789eE+-.tfnul\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00\ud800";

    @Test
    void everyMessageDecodesOrGetsADocumentedError() {
        SplittableRandom r = new SplittableRandom(11);
        int cases = 100_000;
        int accepted = 0;
        Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < cases; i++) {
            String text = mutate(r, VALID.get(r.nextInt(VALID.size())));
            try {
                LobbyRequest req = LobbyRequests.decode(text, MAX_CAPACITY);
                accepted++;
                checkValid(req, text);
            } catch (LobbyRequests.BadRequest e) {
                assertTrue(DECODE_ERRORS.contains(e.code()), () -> e.code() + " for " + text);
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                errors.merge(e.code(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                fail("'" + text + "' threw " + e, e);
            }
        }
        System.out.println("lobby JSON fuzz: " + cases + " cases, " + accepted + " accepted, errors " + errors);
        assertTrue(accepted > cases / 20, "some mutations stay valid: " + accepted);
        for (ErrorCode c : DECODE_ERRORS) {
            assertTrue(errors.getOrDefault(c, 0) > 0, "the fuzz reached " + c + ": " + errors);
        }
    }

    @Test
    void deepNestingAndHugeNumbersAreRejectedQuickly() throws Exception {
        String deep = "[".repeat(100_000);
        assertEquals(ErrorCode.BAD_JSON, code(deep));
        assertEquals(ErrorCode.BAD_JSON, code("{\"type\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}"));
        assertEquals(ErrorCode.PROTOCOL_MISMATCH, code("{\"type\":\"hello\",\"protocol\":1e999999999,\"nickname\":\"a\"}"));
        assertEquals(ErrorCode.INVALID_CAPACITY, code("{\"type\":\"createRoom\",\"name\":\"a\",\"capacity\":1e999999999}"));
        assertEquals(ErrorCode.INVALID_CAPACITY, code("{\"type\":\"createRoom\",\"name\":\"a\",\"capacity\":8.5}"));
        assertEquals(ErrorCode.BAD_JSON, code("{\"type\":\"createRoom\",\"name\":\"a\",\"capacity\":NaN}"));
        LobbyRequest.CreateRoom c = (LobbyRequest.CreateRoom) LobbyRequests.decode(
                "{\"type\":\"createRoom\",\"name\":\" a \",\"capacity\":8.000,\"private\":null}", MAX_CAPACITY);
        assertEquals(new LobbyRequest.CreateRoom("a", 8, false, null), c);
        assertEquals(new LobbyRequest.QuickPlay("cycles"),
                LobbyRequests.decode("{\"type\":\"quickPlay\",\"game\":\"cycles\"}", MAX_CAPACITY));
        assertEquals(ErrorCode.UNKNOWN_GAME, code("{\"type\":\"createRoom\",\"name\":\"a\",\"game\":\"No Such\"}"));
        assertEquals(ErrorCode.BAD_MESSAGE, code("{\"type\":\"quickPlay\",\"game\":7}"));
        assertEquals(ErrorCode.INVALID_NICKNAME, code("{\"type\":\"hello\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + ",\"nickname\":\"a\\u0007\"}"));
        assertEquals(ErrorCode.BAD_MESSAGE, code("{\"type\":\"hello\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + ",\"nickname\":7}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, code("{\"type\":[\"hello\"]}"));
        // half a surrogate pair cannot be sent on to other players as UTF-8
        assertEquals(ErrorCode.INVALID_NICKNAME, code("{\"type\":\"hello\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + ",\"nickname\":\"a\\ud800\"}"));
        assertEquals(ErrorCode.INVALID_CHAT, code("{\"type\":\"chat\",\"channel\":\"lobby\",\"text\":\"\\u202egg\"}"));
        assertEquals("a\ud83d\ude00", ((LobbyRequest.Hello) LobbyRequests.decode(
                "{\"type\":\"hello\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION + ",\"nickname\":\"a\\ud83d\\ude00\"}", MAX_CAPACITY)).nickname());
    }

    private static ErrorCode code(String text) {
        try {
            LobbyRequests.decode(text, MAX_CAPACITY);
            return null;
        } catch (LobbyRequests.BadRequest e) {
            return e.code();
        }
    }

    /** What decodes obeys the documented limits. */
    private static void checkValid(LobbyRequest req, String text) {
        if (req instanceof LobbyRequest.Hello h) {
            assertEquals(h.nickname(), Names.nickname(h.nickname()), text);
            assertTrue(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(h.nickname()), text);
        } else if (req instanceof LobbyRequest.CreateRoom c) {
            assertEquals(c.name(), Names.roomName(c.name()), text);
            assertTrue(c.capacity() == null || (c.capacity() >= 2 && c.capacity() <= MAX_CAPACITY), text);
        } else if (req instanceof LobbyRequest.Chat c) {
            assertEquals(c.text(), Names.chatText(c.text()), text);
            assertTrue(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(c.text()), text);
        }
    }

    private static String mutate(SplittableRandom r, String valid) {
        String s = valid;
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            s = switch (r.nextInt(6)) {
                case 0 -> replaceField(r, s); // a field gets a hostile value
                case 1 -> s.substring(0, s.length() - 1) + ",\"" + FIELDS[r.nextInt(FIELDS.length)] + "\":"
                        + HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)] + "}"; // an extra or duplicate field
                case 2 -> { // a character inserted
                    int at = r.nextInt(s.length() + 1);
                    yield s.substring(0, at) + NOISE.charAt(r.nextInt(NOISE.length())) + s.substring(at);
                }
                case 3 -> { // a character deleted
                    int at = r.nextInt(s.length());
                    yield s.substring(0, at) + s.substring(at + 1);
                }
                case 4 -> s.substring(0, r.nextInt(s.length() + 1)); // truncated
                default -> s; // unchanged this round
            };
            if (s.isEmpty()) {
                break;
            }
        }
        return s;
    }

    private static String replaceField(SplittableRandom r, String s) {
        String field = "\"" + FIELDS[r.nextInt(FIELDS.length - 1)] + "\":";
        int at = s.indexOf(field);
        if (at < 0) {
            return s;
        }
        int start = at + field.length();
        int end = start;
        int depth = 0;
        boolean inString = false;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            end++;
        }
        return s.substring(0, start) + HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)] + s.substring(end);
    }
}
