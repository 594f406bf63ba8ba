package dev.skirmish.engine.limits;

import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket (against cross-site WebSocket hijacking: a page elsewhere using a
 * visitor's browser to talk to this server). With no allowed origins configured only the page's own origin is
 * accepted: the Origin header's host and port must equal the Host header's (a missing port is the scheme's
 * default). {@code *} allows any origin. A handshake without an Origin header does not come from a browser
 * page and is allowed: the check protects browsers, it does not authenticate clients.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;

    /** @param allowed origins as {@code scheme://host[:port]}, or {@code *}; empty for same origin only */
    public OriginPolicy(List<String> allowed) {
        this.any = allowed.contains("*");
        this.allowed = allowed.stream().filter(o -> !o.equals("*")).map(OriginPolicy::normalize).toList();
    }

    /**
     * @param origin the Origin header, or null when there is none
     * @param host the Host header, or null
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (any) {
            return true;
        }
        String o = normalize(origin);
        if (o == null) {
            return false; // "null" (sandboxed frames, file: pages) or malformed
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(o);
        }
        if (host == null) {
            return false;
        }
        String authority = o.substring(o.indexOf("://") + 3);
        return authority.equals(withPort(host.strip().toLowerCase(Locale.ROOT), defaultPort(o)));
    }

    /** {@code scheme://host:port} in lower case with the port made explicit, or null if not an http(s) origin. */
    static String normalize(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        int sep = o.indexOf("://");
        if (sep < 0) {
            return null;
        }
        String scheme = o.substring(0, sep);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        String authority = o.substring(sep + 3);
        if (authority.isEmpty() || authority.contains("/") || authority.contains("@") || authority.contains(" ")) {
            return null;
        }
        return scheme + "://" + withPort(authority, scheme.equals("https") ? 443 : 80);
    }

    private static int defaultPort(String normalizedOrigin) {
        return normalizedOrigin.startsWith("https://") ? 443 : 80;
    }

    /** host[:port] with the port made explicit ({@code [::1]} style IPv6 literals kept). */
    private static String withPort(String authority, int defaultPort) {
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > close) {
            return authority;
        }
        return authority + ":" + defaultPort;
    }
}
