package dev.skirmish.web;

import dev.skirmish.cluster.ClusterService;
import dev.skirmish.room.RoomService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health} for load balancers and orchestrators: 200 while the node takes players, 503 once it is
 * shutting down (so that the load balancer sends no one new while it hands its rooms over). The body says
 * which, with the node's cluster state: {@code {"status":"up","node":"a","cluster":"ok"}} ({@code cluster} is
 * {@code single}, {@code ok} or {@code degraded}). A degraded node still answers 200: it serves its own lobby
 * and rooms.
 */
@WebServlet(urlPatterns = "/health")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient RoomService rooms;

    @Inject
    transient ClusterService cluster;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean up = !rooms.stopping();
        String state = !cluster.enabled() ? "single" : cluster.degraded() ? "degraded" : "ok";
        resp.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write("{\"status\":\"" + (up ? "up" : "stopping") + "\",\"node\":\"" + cluster.nodeId()
                + "\",\"cluster\":\"" + state + "\"}");
    }
}
