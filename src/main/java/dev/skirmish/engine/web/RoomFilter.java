package dev.skirmish.engine.web;

import dev.skirmish.engine.room.RoomService;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses the handshake of a game stream to a room this node does not run (or, with {@code ?watch}, a private
 * room) with HTTP 404, before the WebSocket upgrade. A close sent right after the upgrade raced with the
 * container's own end of the HTTP request and left NullPointerExceptions in Payara's log (an independent client
 * saw them in 5 of 8 tries); a plain HTTP answer does not. The endpoint still closes with 4001 when the room
 * goes away between this check and its {@code @OnOpen}.
 */
@WebFilter(urlPatterns = "/ws/game/*")
public class RoomFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "/ws/game/";

    @Inject
    transient RoomService rooms;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String roomId = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        boolean watching = request.getParameter("watch") != null;
        if (roomId.isEmpty() || roomId.indexOf('/') >= 0 || !rooms.manager().acceptsStream(roomId, watching)) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("room not found\n");
            return;
        }
        chain.doFilter(request, response);
    }
}
