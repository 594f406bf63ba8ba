package dev.skirmish.engine.web;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The client's IP address of a WebSocket session. Jakarta WebSocket has no API for it: Tyrus (Payara,
 * GlassFish) has a public {@code getRemoteAddr()} on its session, and Tomcat puts it in the user properties
 * under {@code jakarta.websocket.endpoint.remoteAddress}. Null when neither is there (no per-address limit
 * then; logged once).
 */
final class RemoteAddress {
    private static final Logger LOG = Logger.getLogger(RemoteAddress.class.getName());
    private static final String TOMCAT_PROPERTY = "jakarta.websocket.endpoint.remoteAddress";
    private static final ConcurrentHashMap<Class<?>, Optional<Method>> GETTERS = new ConcurrentHashMap<>();
    private static volatile boolean warned;

    private RemoteAddress() {
    }

    static String of(Session session) {
        Object property = session.getUserProperties().get(TOMCAT_PROPERTY);
        if (property instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        Optional<Method> getter = GETTERS.computeIfAbsent(session.getClass(), RemoteAddress::getter);
        try {
            if (getter.isPresent()) {
                Object v = getter.get().invoke(session);
                if (v instanceof String s && !s.isBlank()) {
                    return s;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // fall through
        }
        if (!warned) {
            warned = true;
            LOG.warning("the WebSocket container does not tell the client's address: no per-address connection limit");
        }
        return null;
    }

    private static Optional<Method> getter(Class<?> type) {
        try {
            return Optional.of(type.getMethod("getRemoteAddr"));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
