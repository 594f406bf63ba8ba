package dev.skirmish.games.arena.protocol;

import dev.skirmish.engine.spi.wire.Protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md names the protocol version in several places (title, hello, welcome, PROTOCOL_MISMATCH, the
 * WELCOME frame): each must be {@link Protocol#VERSION}. An independent client found the document saying one
 * version and the server sending another.
 */
class ProtocolDocTest {
    private static final Path DOC = Path.of(System.getProperty("skirmish.projectDir", "."), "docs/protocol.md");

    @Test
    void everyMentionOfTheVersionIsTheCurrentOne() throws Exception {
        String doc = Files.readString(DOC);
        assertTrue(doc.startsWith("# Skirmish wire protocol, version " + Protocol.VERSION + "\n"), "the title");
        List<String> found = new ArrayList<>();
        for (String regex : List.of("`protocol` \\(number, must be (\\d+)", "`protocol` is not (\\d+)",
                "`protocol` \\((\\d+)\\)", "\\| u8 \\| protocol version \\((\\d+)\\)")) {
            Matcher m = Pattern.compile(regex).matcher(doc);
            int n = 0;
            while (m.find()) {
                found.add(m.group());
                assertEquals(String.valueOf(Protocol.VERSION), m.group(1), m.group());
                n++;
            }
            assertTrue(n > 0, "the document no longer says: " + regex);
        }
        assertEquals(4, found.size(), found.toString());
    }

    @Test
    void theLobbyPushesAreTheOnesTheDocumentLists() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("### Server to client: pushes");
        assertTrue(start >= 0, "the pushes section");
        int end = doc.indexOf("\n\n", doc.indexOf("|---|", start));
        java.util.Set<String> listed = new java.util.HashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(\\w+)` \\|").matcher(doc.substring(start, end));
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(Protocol.LOBBY_PUSHES, listed);
    }
}
