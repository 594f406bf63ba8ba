package dev.skirmish.engine.web;

import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.room.RoomService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Health for load balancers and orchestrators.
 * <ul>
 *   <li>{@code GET /health}: 200 while the node takes players, 503 once it is shutting down (so that the load
 *       balancer sends no one new while it hands its rooms over). The body says which, with the node's cluster
 *       state: {@code {"status":"up","node":"a","cluster":"ok"}} ({@code cluster} is {@code single}, {@code ok}
 *       or {@code degraded}). A degraded node still answers 200: it serves its own lobby and rooms.</li>
 *   <li>{@code GET /health/ready}: 200 only once the tick loops run (every loop ticked within the last 2 s), the
 *       node has warmed up ({@link Warmup}, started by the first health request of any kind) and while it is neither
 *       draining (operator's console) nor shutting down; else 503 with the reason ({@code warming} meanwhile).</li>
 *   <li>{@code GET /health/live}: 503 when a tick loop that has started has not ticked for 10 s (stuck: restart
 *       the process), else 200, also while starting, draining or shutting down.</li>
 * </ul>
 */
@WebServlet(urlPatterns = {"/health", "/health/ready", "/health/live"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final long READY_TICK_AGE_NANOS = 2_000_000_000L;
    private static final long LIVE_TICK_AGE_NANOS = 10_000_000_000L;

    @Inject
    transient RoomService rooms;

    @Inject
    transient ClusterService cluster;

    @Inject
    transient Warmup warmup;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        warmup.start(req.getLocalPort(), req.getContextPath()); // once: a balancer polls from the start
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        long now = System.nanoTime();
        String body;
        boolean ok;
        switch (req.getServletPath()) {
            case "/health/ready" -> {
                String why = rooms.stopping() ? "stopping" : rooms.draining() ? "draining"
                        : !rooms.manager().ticking(now, READY_TICK_AGE_NANOS) ? "not ticking"
                        : !warmup.warm() ? "warming" : null;
                ok = why == null;
                body = "{\"status\":\"" + (ok ? "ready" : why) + "\"}";
            }
            case "/health/live" -> {
                ok = !rooms.manager().started() || rooms.manager().ticking(now, LIVE_TICK_AGE_NANOS) || rooms.stopping();
                body = "{\"status\":\"" + (ok ? "alive" : "stuck") + "\"}";
            }
            default -> {
                ok = !rooms.stopping();
                String state = !cluster.enabled() ? "single" : cluster.degraded() ? "degraded" : "ok";
                body = "{\"status\":\"" + (ok ? "up" : "stopping") + "\",\"node\":\"" + cluster.nodeId()
                        + "\",\"cluster\":\"" + state + "\"}";
            }
        }
        resp.setStatus(ok ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        resp.getWriter().write(body);
    }
}
