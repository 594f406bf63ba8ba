package dev.skirmish.tools;

import dev.skirmish.engine.replay.Replay;
import dev.skirmish.engine.replay.ReplayCheck;
import dev.skirmish.engine.replay.ReplayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The offline determinism check of replay files (docs/replays.md): each file's game, found on the class path and
 * configured with the settings the file carries, plays the whole replay; every recorded state must come out the
 * same. Prints one line per file; exits 0 when every file played the same, 1 when one did not, 2 when one could not
 * be read or played (for example its game is not on the class path).
 *
 * <pre>java -cp target/skirmish-bots.jar dev.skirmish.tools.CheckReplay FILE.skr [FILE.skr ...]</pre>
 * A team's own game: put its classes on the class path too ({@code -cp skirmish-bots.jar:my-game.jar}).
 */
public final class CheckReplay {
    private CheckReplay() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: java -cp skirmish-bots.jar dev.skirmish.tools.CheckReplay FILE.skr [FILE.skr ...]");
            System.exit(2);
        }
        int status = 0;
        for (String a : args) {
            status = Math.max(status, check(Path.of(a)));
        }
        System.exit(status);
    }

    /** Checks one file and prints its line; returns 0 (same), 1 (differs) or 2 (unreadable). */
    public static int check(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Replay replay = Replay.decode(bytes);
            Replay.Header h = replay.header();
            ReplayCheck c = ReplayCheck.run(replay, CheckReplay.class.getClassLoader());
            System.out.println(String.format(Locale.ROOT,
                    "%s: %s, %s '%s' on %s, %d players, ticks %d..%d (%.1f s, %s), %d bytes: played %d ticks, %d checks,"
                            + " %s in %.0f ms", file, c.same() ? "SAME" : "DIFFERENT", h.game(), h.roomName(), h.map(),
                    h.players().size(), h.firstTick(), h.lastTick(), h.seconds(), h.ending().name().toLowerCase(Locale.ROOT),
                    bytes.length, c.ticks(), c.checks(), c.same() ? "every state as recorded"
                            : c.differences() + " differ, the first at " + c.firstDifference(), c.nanos() / 1e6));
            return c.same() ? 0 : 1;
        } catch (IOException e) {
            System.out.println(file + ": UNREADABLE: " + e.getMessage());
            return 2;
        } catch (ReplayException e) {
            System.out.println(file + ": UNPLAYABLE: " + e.getMessage());
            return 2;
        }
    }
}
