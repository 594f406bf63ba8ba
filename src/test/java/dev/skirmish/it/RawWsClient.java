package dev.skirmish.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library will not do: play dead (never
 * read, so it answers no ping and the server's writes back up), connect from another loopback address, send
 * any header (Origin), keep a tiny receive buffer, and read the handshake's refusal. Frames can be read later,
 * in order, up to the close frame.
 */
final class RawWsClient implements AutoCloseable {
    /** How to open the connection: local address (null: any), receive buffer (0: default), extra headers. */
    record Options(String localAddress, int receiveBufferBytes, Map<String, String> headers) {
        static final Options DEFAULT = new Options(null, 0, Map.of());
    }

    /** One frame read from the server. */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** The server refused the upgrade; {@code status} is its HTTP status line. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(String head) {
            super("handshake refused: " + head.lines().findFirst().orElse(head));
            int s;
            try {
                s = Integer.parseInt(head.split(" ")[1]);
            } catch (RuntimeException e) {
                s = -1;
            }
            this.status = s;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] mask = {0x12, 0x34, 0x56, 0x78};
    int pingsSeen;
    /**
     * True once a read found the connection ended (end of stream or reset) rather than timing out. A reset can
     * discard a close frame the client had not read yet: Linux drops the receive queue when an RST arrives, and the
     * server's TCP sends one when data reaches a socket it has closed.
     */
    boolean ended;

    RawWsClient(URI uri) throws IOException {
        this(uri, Options.DEFAULT);
    }

    RawWsClient(URI uri, Options options) throws IOException {
        socket = new Socket();
        if (options.receiveBufferBytes() > 0) {
            socket.setReceiveBufferSize(options.receiveBufferBytes()); // before connecting: it sets the TCP window
        }
        if (options.localAddress() != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(options.localAddress()), 0));
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(10_000);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String key = Base64.getEncoder().encodeToString("skirmish-raw-key".getBytes(StandardCharsets.US_ASCII));
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n");
        options.headers().forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        if (!h.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new Refused(h.isEmpty() ? "connection closed during the handshake" : h);
        }
    }

    /** Sends one masked binary frame (clients must mask), e.g. the protocol's PING to open the stream. */
    void sendBinary(byte[] payload) throws IOException {
        send(0x2, payload);
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one binary frame without a mask, as RFC 6455 forbids a client to (see docs/protocol.md, 1002). */
    synchronized void sendUnmasked(byte[] payload) throws IOException {
        if (payload.length >= 126) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) 0x82;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }

    /** Sends one frame with any opcode (continuation, reserved and control opcodes included). */
    synchronized void send(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + n];
        frame[0] = (byte) (0x80 | (opcode & 0x0F));
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < n; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    /** Writes raw bytes as they are (malformed framing). */
    synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame, or null if the connection ended or nothing came within {@code timeoutMillis}. */
    Frame read(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        try {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                ended = true;
                return null;
            }
            long len = b1 & 0x7F;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            int opcode = b0 & 0x0F;
            if (opcode == 0x9) {
                pingsSeen++;
            }
            return new Frame(opcode, payload);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            ended = true;
            return null; // reset by the server
        }
    }

    /** The next text frame (pings skipped), or null if the connection closed or none came in time. */
    String readText(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            Frame f = left <= 0 ? null : read(left);
            if (f == null || f.opcode() == 0x8) {
                return null;
            }
            if (f.opcode() == 0x1) {
                return new String(f.payload(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads frames until the server's close frame and returns its status code, or -1 if none came within
     * {@code timeoutMillis}. Pings seen on the way are counted in {@link #pingsSeen}.
     */
    int readUntilClose(long timeoutMillis) throws IOException {
        Frame f = readUntilCloseFrame(timeoutMillis);
        return f == null ? -1 : f.closeCode();
    }

    /** Reads frames until the close frame and returns it, or null if none came in time. */
    Frame readUntilCloseFrame(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            Frame f = read(left);
            if (f == null) {
                return null;
            }
            if (f.opcode() == 0x8) {
                return f;
            }
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
