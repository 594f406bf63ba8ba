package dev.skirmish.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between a browser and the server that can go silent without closing anything: while
 * frozen it forwards no byte either way and the sockets stay open, as when a phone loses its network (no FIN, no
 * RST; the peers find out only from their own timeouts). Chromium's offline emulation leaves open WebSockets
 * alone, so the tests that lose the network go through this.
 */
final class FreezableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    FreezableProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "freezable-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** The port the browser connects to. */
    int port() {
        return server.getLocalPort();
    }

    /** Stops (true) or resumes (false) forwarding on every connection, the open ones and the new ones. */
    void freeze(boolean on) {
        frozen = on;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                out.connect(target, 5000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (frozen && !closed) {
                        Thread.sleep(20); // hold what came: nothing goes through until the network is back
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: the other goes too
            } finally {
                close(from);
                close(to);
            }
        }, "freezable-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() {
        closed = true;
        close2(server);
        sockets.forEach(FreezableProxy::close);
    }

    private static void close2(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
