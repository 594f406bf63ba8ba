package dev.skirmish.bots;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscriptions of the scale simulator's nodes: one socket per simulated node, subscribed to the channels a
 * real node listens to, read by one thread that counts the bytes and drops them (the simulated nodes do not act on
 * what they receive; the real nodes among them do). A subscription that Redis drops (its output buffer limit for
 * slow subscribers) is counted and opened again.
 */
final class SimDrain implements AutoCloseable {
    private final InetSocketAddress redis;
    private final Selector selector;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final List<String[]> subscriptions = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    SimDrain(int port) throws IOException {
        this.redis = new InetSocketAddress("127.0.0.1", port);
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "sim-drain");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens one subscription to these channels (a simulated node's). */
    synchronized void subscribe(String... channels) throws IOException {
        subscriptions.add(channels);
        open(channels);
    }

    private void open(String[] channels) throws IOException {
        SocketChannel ch = SocketChannel.open(redis);
        StringBuilder cmd = new StringBuilder("*").append(channels.length + 1).append("\r\n$9\r\nSUBSCRIBE\r\n");
        for (String c : channels) {
            cmd.append('$').append(c.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(c).append("\r\n");
        }
        ByteBuffer out = ByteBuffer.wrap(cmd.toString().getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            ch.write(out);
        }
        ch.configureBlocking(false);
        synchronized (selector) {
            selector.wakeup();
            ch.register(selector, SelectionKey.OP_READ, channels);
        }
    }

    /** Bytes received on every subscription since the start. */
    long bytes() {
        return bytes.get();
    }

    /** Subscriptions Redis closed (and that were opened again). */
    long dropped() {
        return dropped.get();
    }

    /** Closes every subscription (a new population subscribes afresh). */
    synchronized void closeAll() {
        subscriptions.clear();
        synchronized (selector) {
            selector.wakeup();
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        while (!closed) {
            try {
                selector.select(200);
                synchronized (selector) {
                    // lets subscribe() register between selects
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    int n;
                    do {
                        buf.clear();
                        n = ch.read(buf);
                        if (n > 0) {
                            bytes.addAndGet(n);
                        }
                    } while (n == buf.capacity());
                    if (n < 0) {
                        k.cancel();
                        ch.close();
                        if (!closed) {
                            dropped.incrementAndGet();
                            String[] channels = (String[]) k.attachment();
                            synchronized (this) {
                                if (subscriptions.contains(channels)) {
                                    open(channels);
                                }
                            }
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("sim drain: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeAll();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
