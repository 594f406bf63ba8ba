package dev.skirmish.engine.web;

import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.lobby.ReplaySummaries;
import dev.skirmish.engine.replay.ReplayStore;
import dev.skirmish.engine.room.RoomService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The replays this node keeps, over HTTP (docs/replays.md): {@code GET /replays} lists them as the lobby does
 * (JSON), {@code GET /replays/ID} downloads one replay file ({@code application/octet-stream}, named
 * {@code skirmish-GAME-ID.skr}); an unknown id is a 404 with a JSON error.
 */
@WebServlet(urlPatterns = {"/replays", "/replays/*"})
public class ReplayServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient RoomService rooms;

    @Inject
    transient ClusterService cluster;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        ReplayStore store = rooms.manager().replays();
        String path = req.getPathInfo();
        if (path == null || path.equals("/")) {
            resp.setContentType("application/json");
            resp.getWriter().write(ReplaySummaries.list("replays", store, cluster.nodePath()).toString());
            return;
        }
        String id = path.substring(1);
        Optional<ReplayStore.Entry> e = id.matches("[A-Za-z0-9]{1,32}") ? store.get(id) : Optional.empty();
        if (e.isEmpty()) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            resp.setContentType("application/json");
            resp.getWriter().write("{\"error\":\"REPLAY_NOT_FOUND\",\"message\":\"This server keeps no such replay.\"}");
            return;
        }
        byte[] file = e.get().file();
        resp.setContentType("application/octet-stream");
        resp.setHeader("Content-Disposition", "attachment; filename=\"skirmish-" + e.get().header().game() + "-" + id
                + ".skr\"");
        resp.setContentLength(file.length);
        resp.getOutputStream().write(file);
    }
}
