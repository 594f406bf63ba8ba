package dev.skirmish.engine.lobby;

import static dev.skirmish.engine.lobby.Jsonp.JSON;

import dev.skirmish.engine.replay.Replay;
import dev.skirmish.engine.replay.ReplayStore;
import dev.skirmish.engine.spi.RosterLine;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Locale;

/**
 * The replays a node keeps as the lobby's {@code replays} reply and {@code GET /replays} list them
 * (docs/protocol.md, "listReplays"): newest first, each with where to watch it ({@code watchPath}) and to download
 * it ({@code downloadPath}), relative to the page, through this node's path in a cluster.
 */
public final class ReplaySummaries {
    private ReplaySummaries() {
    }

    /** {@code {"type": type, "replays": [...]}}. */
    public static JsonObject list(String type, ReplayStore store, String nodePath) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        for (ReplayStore.Entry e : store.list()) {
            a.add(summary(e, nodePath));
        }
        return JSON.createObjectBuilder().add("type", type).add("replays", a).build();
    }

    /** One replay's line. */
    public static JsonObject summary(ReplayStore.Entry e, String nodePath) {
        Replay.Header h = e.header();
        JsonArrayBuilder players = JSON.createArrayBuilder();
        for (RosterLine p : h.players()) {
            JsonArrayBuilder scores = JSON.createArrayBuilder();
            for (int i = 0; i < p.scoreCount(); i++) {
                scores.add(p.score(i));
            }
            players.add(JSON.createObjectBuilder().add("name", p.name()).add("scores", scores));
        }
        return JSON.createObjectBuilder().add("id", h.id()).add("game", h.game()).add("room", h.roomName())
                .add("map", h.map()).add("ending", h.ending().name().toLowerCase(Locale.ROOT))
                .add("startedAt", h.startedAtMillis()).add("endedAt", h.endedAtMillis())
                .add("seconds", Math.round(h.seconds() * 10) / 10.0).add("bytes", e.file().length)
                .add("players", players).add("watchPath", nodePath + "ws/replay/" + h.id())
                .add("downloadPath", nodePath + "replays/" + h.id()).build();
    }
}
