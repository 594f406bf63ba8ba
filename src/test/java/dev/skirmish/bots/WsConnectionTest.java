package dev.skirmish.bots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The one WebSocket client against a minimal server written here on a plain socket, so that the frames can be
 * split and sized as a test needs (the container never fragments its small frames).
 */
class WsConnectionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Records what the handler is given. */
    private static final class Recorder implements WsConnection.Handler {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<byte[]> binaries = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();

        @Override
        public void text(String message) {
            texts.add(message);
        }

        @Override
        public void binary(byte[] message) {
            binaries.add(message);
        }

        @Override
        public void closed(int code, String reason) {
            closes.add(code + " " + reason);
        }
    }

    /** Accepts one connection, completes the handshake and lets {@code script} write frames. */
    private static ServerSocket serve(Consumer<OutputStream> script) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                String key = head.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                        .findFirst().orElseThrow().substring(18).trim();
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                script.accept(out);
                out.flush();
                in.readNBytes(2); // the client's close, if it sends one
                Thread.sleep(200);
            } catch (Exception e) {
                // the test's assertions say what went wrong
            }
        }, "ws-test-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    /** One unmasked server frame. */
    private static void frame(OutputStream out, boolean fin, int opcode, byte[] payload) {
        try {
            DataOutputStream d = new DataOutputStream(out);
            d.writeByte((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                d.writeByte(payload.length);
            } else if (payload.length < 65536) {
                d.writeByte(126);
                d.writeShort(payload.length);
            } else {
                d.writeByte(127);
                d.writeLong(payload.length);
            }
            d.write(payload);
            d.flush();
        } catch (IOException e) {
            // the client may already have dropped the connection
        }
    }

    private static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return p;
    }

    private static URI uri(ServerSocket server) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/");
    }

    @Test
    void fragmentsArriveAsWholeMessagesAndTheCloseIsReportedOnce() throws Exception {
        Recorder r = new Recorder();
        try (ServerSocket server = serve(out -> {
            frame(out, false, 0x1, "{\"type\":".getBytes(StandardCharsets.UTF_8));
            frame(out, true, 0x0, "\"welcome\"}".getBytes(StandardCharsets.UTF_8));
            frame(out, false, 0x2, new byte[]{1, 2});
            frame(out, false, 0x0, new byte[]{3});
            frame(out, true, 0x0, new byte[]{4, 5});
            frame(out, true, 0x2, new byte[]{9});
            frame(out, true, 0x8, close(4003, "nothing received"));
        })) {
            WsConnection ws = WsConnection.open(HTTP, uri(server), r);
            assertEquals(4003, ws.closed().get(10, TimeUnit.SECONDS));
            assertEquals("nothing received", ws.closeReason());
            assertFalse(ws.isOpen());
            ws.close();
        }
        assertEquals(List.of("{\"type\":\"welcome\"}"), r.texts);
        assertEquals(2, r.binaries.size());
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5}, r.binaries.get(0));
        assertArrayEquals(new byte[]{9}, r.binaries.get(1));
        assertEquals(List.of("4003 nothing received"), r.closes, "once, though close() came after");
    }

    @Test
    void aMessageOverTheLimitDropsTheConnection() throws Exception {
        Recorder r = new Recorder();
        byte[] half = new byte[WsConnection.MAX_MESSAGE_BYTES / 2 + 1];
        try (ServerSocket server = serve(out -> {
            frame(out, false, 0x2, half);
            frame(out, true, 0x0, half);
        })) {
            WsConnection ws = WsConnection.open(HTTP, uri(server), r);
            assertEquals(WsConnection.NO_CLOSE_FRAME, ws.closed().get(20, TimeUnit.SECONDS));
            assertTrue(ws.closeReason().contains("over " + WsConnection.MAX_MESSAGE_BYTES), ws.closeReason());
        }
        assertTrue(r.binaries.isEmpty(), "nothing handed over");
    }

    @Test
    void aRefusedHandshakeGivesItsStatus() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                } catch (Exception e) {
                    // the assertion says it
                }
            });
            t.setDaemon(true);
            t.start();
            assertEquals(404, WsConnection.handshakeStatus(HTTP, uri(server)));
        }
    }
}
