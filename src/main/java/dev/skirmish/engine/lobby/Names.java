package dev.skirmish.engine.lobby;

/**
 * Validation of player-chosen text: nicknames, room names and chat. Refused: control characters, line and
 * paragraph separators, invisible format characters (bidirectional overrides, zero-width joiners), unpaired
 * surrogates and noncharacters. Markup is not refused: clients must render these as text.
 */
public final class Names {
    public static final int MAX_NICKNAME = 16;
    public static final int MAX_ROOM_NAME = 32;

    private Names() {
    }

    /** The trimmed nickname if valid (1-16 characters, no control characters), else null. */
    public static String nickname(String raw) {
        return clean(raw, MAX_NICKNAME);
    }

    /** The trimmed room name if valid (1-32 characters, no control characters), else null. */
    public static String roomName(String raw) {
        return clean(raw, MAX_ROOM_NAME);
    }

    /** Longest chat message in characters (code points). */
    public static final int MAX_CHAT = 200;

    /** The trimmed chat text if valid (1-200 characters, no control characters), else null. */
    public static String chatText(String raw) {
        return clean(raw, MAX_CHAT);
    }

    private static String clean(String raw, int max) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        int chars = s.codePointCount(0, s.length());
        if (chars == 0 || chars > max) {
            return null;
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE // a half pair: not encodable as UTF-8
                    || (c & 0xFFFE) == 0xFFFE) { // noncharacters
                return null;
            }
            i += Character.charCount(c);
        }
        return s;
    }
}
