package dev.skirmish.engine.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the cluster's Redis is, parsed from {@code cluster.redisUrl}: one server ({@code redis://}, or
 * {@code rediss://} over TLS) or the Sentinels that know the current primary of a replicated Redis
 * ({@code redis-sentinel://}, {@code rediss-sentinel://}). Plain Java.
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/db]
 * rediss://[[user]:password@]host[:port][/db]
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]...]/primary-name[/db]
 * rediss-sentinel://...   (TLS to the Sentinels and to the primary)
 * </pre>
 *
 * @param tls      whether connections use TLS
 * @param hosts    the server, or the Sentinels (at least one)
 * @param primary  the name the Sentinels monitor the primary under; null for one server
 * @param user     the ACL user, or null
 * @param password the password, or null (credentials are for the Redis servers; Sentinels are asked without)
 * @param db       the database number
 */
public record RedisAddress(boolean tls, List<Host> hosts, String primary, String user, String password, int db) {
    /** Default port of a Redis server. */
    public static final int REDIS_PORT = 6379;
    /** Default port of a Sentinel. */
    public static final int SENTINEL_PORT = 26379;

    public RedisAddress {
        hosts = List.copyOf(hosts);
    }

    /** One host and port. */
    public record Host(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public boolean sentinel() {
        return primary != null;
    }

    /** Parses a {@code cluster.redisUrl}; the message says what is wrong. */
    public static RedisAddress parse(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("no scheme (redis://, rediss://, redis-sentinel:// or rediss-sentinel://)");
        }
        String kind = url.substring(0, scheme);
        boolean tls = kind.equals("rediss") || kind.equals("rediss-sentinel");
        boolean sentinel = kind.endsWith("-sentinel");
        if (!List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel").contains(kind)) {
            throw new IllegalArgumentException("unknown scheme " + kind);
        }
        String rest = url.substring(scheme + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                user = colon > 0 ? decode(info.substring(0, colon)) : null;
                password = decode(info.substring(colon + 1));
            } else {
                password = decode(info);
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (String h : authority.split(",", -1)) {
            hosts.add(host(h, sentinel ? SENTINEL_PORT : REDIS_PORT));
        }
        if (!sentinel && hosts.size() != 1) {
            throw new IllegalArgumentException("one host for " + kind + "://; several Sentinels need redis-sentinel://");
        }
        String[] parts = path.isEmpty() ? new String[0] : path.split("/", -1);
        String primary = null;
        int dbAt = 0;
        if (sentinel) {
            if (parts.length == 0 || !parts[0].matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("the primary's name after the Sentinels: redis-sentinel://host:26379/name");
            }
            primary = parts[0];
            dbAt = 1;
        }
        int db = 0;
        if (parts.length > dbAt + 1 || (parts.length == dbAt + 1 && !parts[dbAt].isEmpty())) {
            if (parts.length > dbAt + 1 || !parts[dbAt].matches("[0-9]{1,4}")) {
                throw new IllegalArgumentException("the database must be a number after the last /");
            }
            db = Integer.parseInt(parts[dbAt]);
        }
        return new RedisAddress(tls, hosts, primary, user, password, db);
    }

    private static Host host(String h, int defaultPort) {
        String host = h;
        int port = defaultPort;
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && !h.endsWith("]")) {
            host = h.substring(0, colon);
            try {
                port = Integer.parseInt(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port of '" + h + "' is not a number");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + h + "' is not host[:port]");
        }
        return new Host(host, port);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without its credentials, for the log. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(tls ? "rediss" : "redis").append(sentinel() ? "-sentinel://" : "://");
        if (password != null) {
            b.append("***@");
        }
        b.append(String.join(",", hosts.stream().map(Host::toString).toList()));
        if (sentinel()) {
            b.append('/').append(primary);
        }
        return b.append(db == 0 ? "" : "/" + db).toString();
    }
}
