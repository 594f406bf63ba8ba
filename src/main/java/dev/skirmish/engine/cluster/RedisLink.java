package dev.skirmish.engine.cluster;

import java.net.URI;
import dev.skirmish.engine.config.RedisAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * This node's three connections to Redis, through Jedis: one for the cluster thread's commands, one for the
 * lookups the lobby makes while it answers a player (a room, a seat, a node), each used by one thread at a time,
 * and one that a thread of its own keeps subscribed to the node's channels (a fixed set and the rooms it watches,
 * which change), resubscribing after a failure. A failed command or a lost subscription marks the link down; the
 * next successful command marks it up. Counts the commands it sends and what it receives, for {@code /metrics}.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());
    /** Wait before resubscribing after the subscription failed. */
    private static final long RESUBSCRIBE_MILLIS = 250;

    /** Redis did not answer (connection refused or lost, timeout): the caller goes on without it. */
    static final class RedisDown extends Exception {
        private static final long serialVersionUID = 1L;

        RedisDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RedisAddress where;
    private final JedisClientConfig config;
    private final JedisClientConfig subscriberConfig;
    private final JedisClientConfig sentinelConfig;
    private volatile HostAndPort address;
    private final LongAdder commands = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedChars = new LongAdder();
    private Jedis jedis; // cluster thread only
    private final Object lookupLock = new Object();
    private Jedis lookups; // under lookupLock
    private final java.util.Set<String> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long lastPongNanos;
    /** Set when the subscription broke: the command connections may be broken too and are opened afresh. */
    private volatile boolean stale;
    private volatile boolean lookupsStale;
    private volatile boolean commandsUp;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile JedisPubSub pubSub;
    private Thread subscriber;

    /**
     * @param url    {@code cluster.redisUrl} (see {@link RedisAddress})
     * @param caFile PEM file of the certificate authorities that a TLS Redis's certificate must chain to; null or
     *               empty: the JVM's trust store
     */
    RedisLink(String url, String caFile, int timeoutMillis, String clientName) {
        this.where = RedisAddress.parse(url);
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis).clientName(clientName).resp2();
        DefaultJedisClientConfig.Builder s = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis).resp2();
        if (where.tls()) {
            javax.net.ssl.SSLParameters checkName = new javax.net.ssl.SSLParameters();
            checkName.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            javax.net.ssl.SSLSocketFactory factory = caFile == null || caFile.isEmpty()
                    ? (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault() : trusting(caFile);
            b.ssl(true).sslSocketFactory(factory).sslParameters(checkName);
            s.ssl(true).sslSocketFactory(factory).sslParameters(checkName);
        }
        if (where.password() != null) {
            if (where.user() != null) {
                b.user(where.user());
            }
            b.password(where.password());
        }
        if (where.db() != 0) {
            b.database(where.db());
        }
        this.config = b.build();
        this.sentinelConfig = s.build();
        // the subscription waits for messages without a read timeout; a dead Redis closes the socket, and the
        // cluster thread notices a silent one (its PING is not answered)
        this.subscriberConfig = DefaultJedisClientConfig.builder().from(config).socketTimeoutMillis(0).build();
        RedisAddress.Host first = where.hosts().get(0);
        this.address = new HostAndPort(first.host(), first.port());
    }

    /** An SSL socket factory that trusts the certificate authorities of a PEM file. */
    private static javax.net.ssl.SSLSocketFactory trusting(String caFile) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(caFile))) {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)) {
                store.setCertificateEntry("ca" + n++, c);
            }
            if (n == 0) {
                throw new IllegalArgumentException("no certificate in " + caFile);
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate authorities of " + caFile + ": " + e, e);
        }
    }

    /**
     * The server to open a connection to: the one of the URL, or the primary the Sentinels name now (asked at
     * every new connection, so that a failover is followed on the next reconnect).
     */
    private HostAndPort server() {
        if (!where.sentinel()) {
            return address;
        }
        JedisException last = null;
        for (RedisAddress.Host h : where.hosts()) {
            try (Jedis s = new Jedis(new HostAndPort(h.host(), h.port()), sentinelConfig)) {
                java.util.List<String> m = s.sentinelGetMasterAddrByName(where.primary());
                if (m != null && m.size() == 2) {
                    HostAndPort now = new HostAndPort(m.get(0), Integer.parseInt(m.get(1)));
                    if (!now.equals(address)) {
                        LOG.info(() -> "the Sentinels of " + where + " name " + now + " as the primary");
                    }
                    address = now;
                    return now;
                }
            } catch (JedisException e) {
                last = e;
            }
        }
        throw new redis.clients.jedis.exceptions.JedisConnectionException("no Sentinel of " + where
                + " named its primary", last);
    }

    /** Runs commands on the command connection (one thread at a time), connecting first if needed. */
    synchronized <T> T call(int commandCount, Function<Jedis, T> work) throws RedisDown {
        if (closed) {
            throw new RedisDown("the link is closed", null);
        }
        try {
            if (stale && jedis != null) {
                // the subscription broke since the last command (Redis restarted?): a connection opened before
                // that would fail once more ("Unexpected end of stream") and cost a round
                closeQuietly(jedis);
                jedis = null;
            }
            stale = false;
            if (jedis == null) {
                jedis = new Jedis(server(), config);
            }
            T result = work.apply(jedis);
            commands.add(commandCount);
            if (!commandsUp) {
                commandsUp = true;
                LOG.info(() -> "Redis at " + address + " answers");
            }
            return result;
        } catch (JedisException | IllegalStateException e) {
            if (commandsUp) {
                LOG.log(Level.WARNING, "Redis at " + address + " does not answer: " + e.getMessage());
            }
            commandsUp = false;
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException ignored) {
                    // the connection is broken anyway
                }
                jedis = null;
            }
            throw new RedisDown("Redis at " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a lookup on the lookups' connection (any thread, one at a time), connecting first if needed. A failure
     * does not mark the link down (the cluster thread's next command tells).
     */
    <T> T lookup(int commandCount, Function<Jedis, T> work) throws RedisDown {
        if (closed) {
            throw new RedisDown("the link is closed", null);
        }
        synchronized (lookupLock) {
            try {
                if (lookupsStale && lookups != null) {
                    closeQuietly(lookups);
                    lookups = null;
                }
                lookupsStale = false;
                if (lookups == null) {
                    lookups = new Jedis(server(), config);
                }
                T result = work.apply(lookups);
                commands.add(commandCount);
                return result;
            } catch (JedisException | IllegalStateException e) {
                if (lookups != null) {
                    try {
                        lookups.close();
                    } catch (RuntimeException ignored) {
                        // the connection is broken anyway
                    }
                    lookups = null;
                }
                throw new RedisDown("Redis at " + address + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The rooms' channels to follow besides the fixed ones: subscribes to the new ones and unsubscribes from the
     * others (cluster thread). A subscription opened again later follows the same set.
     */
    void watch(java.util.Set<String> channels) {
        JedisPubSub ps = pubSub;
        java.util.List<String> add = channels.stream().filter(c -> !watched.contains(c)).toList();
        java.util.List<String> drop = watched.stream().filter(c -> !channels.contains(c)).toList();
        watched.addAll(add);
        drop.forEach(watched::remove);
        if (ps != null && ps.isSubscribed()) {
            try {
                if (!add.isEmpty()) {
                    ps.subscribe(add.toArray(new String[0]));
                }
                if (!drop.isEmpty()) {
                    ps.unsubscribe(drop.toArray(new String[0]));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not change the subscription; it is opened again", e);
                resubscribe();
            }
        }
    }

    /** Sends a PING on the subscription (cluster thread); its answer proves the subscription alive. */
    void ping() {
        JedisPubSub ps = pubSub;
        if (ps != null && ps.isSubscribed()) {
            try {
                ps.ping();
            } catch (RuntimeException e) {
                resubscribe();
            }
        }
    }

    /** When the subscription last answered a PING (System.nanoTime), 0 if never. */
    long lastPongNanos() {
        return lastPongNanos;
    }

    /** Starts the subscriber thread on these channels; each message goes to {@code handler(channel, message)}. */
    void subscribe(ThreadFactory threads, String name, BiConsumer<String, String> handler, String... channels) {
        subscriber = threads.newThread(() -> {
            while (!closed) {
                try (Jedis sub = new Jedis(server(), subscriberConfig)) {
                    JedisPubSub ps = new JedisPubSub() {
                        @Override
                        public void onSubscribe(String channel, int count) {
                            if (count >= channels.length) {
                                subscribed = true;
                            }
                        }

                        @Override
                        public void onPong(String pattern) {
                            lastPongNanos = System.nanoTime();
                        }

                        @Override
                        public void onMessage(String channel, String message) {
                            received.increment();
                            receivedChars.add(message.length());
                            try {
                                handler.accept(channel, message);
                            } catch (RuntimeException e) {
                                LOG.log(Level.SEVERE, "cluster message handler failed", e);
                            }
                        }
                    };
                    pubSub = ps;
                    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(channels));
                    all.addAll(watched);
                    // returns when unsubscribed from everything; throws when the connection fails
                    sub.subscribe(ps, all.toArray(new String[0]));
                } catch (JedisException | IllegalStateException e) {
                    if (!closed && subscribed) {
                        LOG.warning(() -> "Redis subscription lost: " + e.getMessage());
                    }
                } finally {
                    if (subscribed) {
                        stale = true;
                        lookupsStale = true;
                    }
                    subscribed = false;
                    pubSub = null;
                }
                if (!closed) {
                    try {
                        Thread.sleep(RESUBSCRIBE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        subscriber.setName(name);
        subscriber.setDaemon(true);
        subscriber.start();
    }

    /** Drops the subscription so that its thread subscribes again (its messages stopped coming). */
    void resubscribe() {
        JedisPubSub ps = pubSub;
        if (ps != null && ps.isSubscribed()) {
            try {
                ps.unsubscribe();
                ps.punsubscribe();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "unsubscribe failed", e);
            }
        }
    }

    /** Whether the last command succeeded and the subscription is in place. */
    boolean up() {
        return commandsUp && subscribed;
    }

    boolean subscribed() {
        return subscribed;
    }

    /** Counts commands sent in a pipeline whose size was known only after the call. */
    void countCommands(int n) {
        commands.add(n);
    }

    /** Commands sent since start (a pipeline of n counts n). */
    long commands() {
        return commands.sum();
    }

    /** Messages received on the subscription since start. */
    long received() {
        return received.sum();
    }

    /** Characters of the messages received on the subscription since start (bytes, for ASCII JSON). */
    long receivedChars() {
        return receivedChars.sum();
    }

    private static void closeQuietly(Jedis j) {
        try {
            j.close();
        } catch (RuntimeException ignored) {
            // broken anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        resubscribe();
        if (subscriber != null) {
            subscriber.interrupt();
            try {
                subscriber.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lookupLock) {
            if (lookups != null) {
                try {
                    lookups.close();
                } catch (RuntimeException ignored) {
                    // closing anyway
                }
                lookups = null;
            }
        }
        synchronized (this) {
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException ignored) {
                    // closing anyway
                }
                jedis = null;
            }
        }
    }
}
