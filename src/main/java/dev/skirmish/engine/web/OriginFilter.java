package dev.skirmish.engine.web;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.limits.OriginPolicy;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses WebSocket handshakes from browser pages of other origins with HTTP 403, before the upgrade
 * ({@code security.allowedOrigins}; see {@link OriginPolicy}).
 */
@WebFilter(urlPatterns = "/ws/*")
public class OriginFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OriginFilter.class.getName());

    @Inject
    transient GameSettings settings;

    private transient volatile OriginPolicy policy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        OriginPolicy p = policy;
        if (p == null) {
            p = new OriginPolicy(settings.limits().allowedOrigins());
            policy = p;
        }
        String origin = request.getHeader("Origin");
        if (!p.allows(origin, request.getHeader("Host"))) {
            LOG.fine(() -> "refused a WebSocket handshake from origin " + origin);
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("WebSocket origin not allowed: set security.allowedOrigins on the server\n");
            return;
        }
        chain.doFilter(request, response);
    }
}
