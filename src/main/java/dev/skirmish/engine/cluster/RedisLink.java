package dev.skirmish.engine.cluster;

import java.net.URI;
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

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final JedisClientConfig subscriberConfig;
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

    /** @param url {@code redis://[[user]:password@]host[:port][/db]} */
    RedisLink(String url, int timeoutMillis, String clientName) {
        URI u = URI.create(url);
        this.address = new HostAndPort(u.getHost(), u.getPort() > 0 ? u.getPort() : 6379);
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis).clientName(clientName).resp2();
        if (u.getUserInfo() != null) {
            String info = u.getUserInfo();
            int colon = info.indexOf(':');
            if (colon > 0) {
                b.user(info.substring(0, colon));
            }
            b.password(colon >= 0 ? info.substring(colon + 1) : info);
        }
        String path = u.getPath();
        if (path != null && path.length() > 1) {
            b.database(Integer.parseInt(path.substring(1)));
        }
        this.config = b.build();
        // the subscription waits for messages without a read timeout; a dead Redis closes the socket, and the
        // cluster thread notices a silent one (its own heartbeat does not come back)
        this.subscriberConfig = DefaultJedisClientConfig.builder().from(config).socketTimeoutMillis(0).build();
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
                jedis = new Jedis(address, config);
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
                    lookups = new Jedis(address, config);
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
                try (Jedis sub = new Jedis(address, subscriberConfig)) {
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
