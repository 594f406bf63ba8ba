package dev.skirmish.engine.web;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.room.RoomService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.logging.Logger;

/**
 * The operator's console. {@code GET /admin} is the page ({@code admin.html}: a login form and the views, no
 * data); everything else is the API under {@code /admin/api/}, which needs {@code Authorization: Bearer SECRET}
 * ({@code admin.secret}; empty switches the console off: 404):
 * <ul>
 *   <li>{@code GET /admin/api/state}: rooms, players, history and recent closes (see {@link AdminConsole});</li>
 *   <li>{@code POST /admin/api/close?room=ID}: closes a room (1001 "room closed by an operator");</li>
 *   <li>{@code POST /admin/api/kick?player=ID}: removes a player from its room (1008 "removed by an operator");</li>
 *   <li>{@code POST /admin/api/drain?on=true|false}: no new rooms, {@code /health/ready} 503, while on.</li>
 * </ul>
 * A missing or wrong secret gets 401; after {@link #MAX_FAILURES_PER_MINUTE} wrong ones in a minute (from any
 * address) every request gets 429 until the minute is over. The secret is compared as UTF-8 bytes in constant
 * time; use ASCII (browsers cannot send other characters in a header).
 */
@WebServlet(urlPatterns = {"/admin", "/admin/*"})
public class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AdminServlet.class.getName());
    static final int MAX_FAILURES_PER_MINUTE = 20;

    @Inject
    transient GameSettings settings;

    @Inject
    transient AdminConsole console;

    @Inject
    transient RoomService rooms;

    private transient long failureWindowStart; // guarded by this
    private transient int failures; // guarded by this

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (req.getPathInfo() != null && req.getPathInfo().equals("/")) {
            resp.sendRedirect(req.getContextPath() + "/admin"); // relative links of the page must resolve under /
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (path.equals("/")) {
            req.getRequestDispatcher("/admin.html").forward(req, resp);
            return;
        }
        if (!authorized(req, resp)) {
            return;
        }
        if (path.equals("/api/state")) {
            json(resp, HttpServletResponse.SC_OK, console.state().toString());
        } else {
            json(resp, HttpServletResponse.SC_NOT_FOUND, "{\"error\":\"no such page\"}");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!authorized(req, resp)) {
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        switch (path) {
            case "/api/close" -> {
                String room = req.getParameter("room");
                boolean done = room != null && rooms.manager().closeRoom(room, "room closed by an operator");
                LOG.info(() -> "operator: close room " + room + (done ? "" : " (no such room)"));
                result(resp, done, "no such room on this node");
            }
            case "/api/kick" -> {
                String player = req.getParameter("player");
                boolean done = player != null && rooms.manager().kick(player, "removed by an operator");
                LOG.info(() -> "operator: kick " + player + (done ? "" : " (not in a room here)"));
                result(resp, done, "that player has no seat on this node");
            }
            case "/api/drain" -> {
                boolean on = Boolean.parseBoolean(req.getParameter("on"));
                rooms.drain(on);
                LOG.info(() -> "operator: drain " + (on ? "on" : "off"));
                result(resp, true, null);
            }
            default -> json(resp, HttpServletResponse.SC_NOT_FOUND, "{\"error\":\"no such action\"}");
        }
    }

    private static void result(HttpServletResponse resp, boolean done, String why) throws IOException {
        json(resp, done ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND,
                done ? "{\"ok\":true}" : "{\"ok\":false,\"error\":\"" + why + "\"}");
    }

    /** Whether the request carries the secret; answers 404, 401 or 429 itself when not. */
    private boolean authorized(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String secret = settings.security().adminSecret();
        if (secret.isEmpty()) {
            json(resp, HttpServletResponse.SC_NOT_FOUND, "{\"error\":\"the console is off: set admin.secret\"}");
            return false;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (now - failureWindowStart > 60_000_000_000L) {
                failureWindowStart = now;
                failures = 0;
            }
            if (failures >= MAX_FAILURES_PER_MINUTE) {
                json(resp, 429, "{\"error\":\"too many wrong secrets; wait a minute\"}");
                return false;
            }
        }
        String header = req.getHeader("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        if (!given.isEmpty()) { // only a wrong secret counts towards the lock-out, not a request without one
            synchronized (this) {
                failures++;
            }
        }
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"skirmish-admin\"");
        json(resp, HttpServletResponse.SC_UNAUTHORIZED, "{\"error\":\"wrong or missing secret\"}");
        return false;
    }

    private static void json(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }
}
