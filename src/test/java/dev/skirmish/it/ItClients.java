package dev.skirmish.it;

import dev.skirmish.games.arena.protocol.ArenaProtocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skirmish.games.arena.protocol.ClientFrame;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.games.arena.protocol.ServerFrame;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.util.Optional;

/** Shared moves of the container tests: greet in the lobby, join, open the game stream. */
final class ItClients {
    private final URL base;
    private final java.util.List<WsClient> opened = new java.util.ArrayList<>();

    ItClients(URL base) {
        this.base = base;
    }

    /** Closes every connection opened through this object that a test left open. */
    void closeAll() {
        for (WsClient c : opened) {
            if (c.isOpen()) {
                c.close();
            }
        }
        opened.clear();
    }

    /** The server's /metrics and heap, read over HTTP. */
    ServerProbe probe() {
        return new ServerProbe(base);
    }

    URI ws(String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + path);
    }

    /** A lobby connection that has said hello. */
    WsClient lobby(String nickname) throws Exception {
        WsClient c = WsClient.connect(ws("ws/lobby"));
        opened.add(c);
        JsonObject w = c.request(hello(nickname, null));
        assertEquals("welcome", w.getString("type"), w.toString());
        c.welcome = w;
        return c;
    }

    static String hello(String nickname, String token) {
        return "{\"type\":\"hello\",\"nickname\":\"" + nickname + "\",\"protocol\":" + dev.skirmish.engine.spi.wire.Protocol.VERSION
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}";
    }

    static String createRoom(String name, int capacity) {
        return "{\"type\":\"createRoom\",\"name\":\"" + name + "\",\"capacity\":" + capacity + "}";
    }

    static String joinRoom(String roomId) {
        return "{\"type\":\"joinRoom\",\"roomId\":\"" + roomId + "\"}";
    }

    /** A player's game stream after its WELCOME frame. */
    record Player(WsClient game, ServerFrame.Welcome welcome, String roomId) {
    }

    /** Sends a join message in the lobby and opens the game stream it grants. */
    Player play(WsClient lobby, String joinMessage) throws Exception {
        JsonObject joined = lobby.request(joinMessage);
        assertEquals("joined", joined.getString("type"), joined.toString());
        return open(joined.getString("gamePath"), joined.getJsonObject("room").getString("id"));
    }

    /** Sends a join message in the lobby and opens the game stream behind the server's network simulator. */
    Player play(WsClient lobby, String joinMessage, String netsim) throws Exception {
        JsonObject joined = lobby.request(joinMessage);
        assertEquals("joined", joined.getString("type"), joined.toString());
        return open(joined.getString("gamePath") + "&netsim=" + netsim, joined.getJsonObject("room").getString("id"));
    }

    /** Opens a game path (from "joined" or a welcome's "resume") and waits for the WELCOME frame. */
    Player open(String gamePath, String roomId) throws Exception {
        WsClient game = WsClient.connect(ws(gamePath));
        opened.add(game);
        game.sendBinary(ClientFrames.encode(new ClientFrame.Ping(0))); // the client speaks first
        ServerFrame.Welcome welcome = game.next(ServerFrame.Welcome.class, w -> true, 10_000);
        return new Player(game, welcome, roomId);
    }

    static Optional<ServerFrame.Entity> entity(ServerFrame.Snapshot s, int id) {
        return s.entities().stream().filter(e -> e.id() == id && e.kind() == ArenaProtocol.KIND_PLAYER).findFirst();
    }
}
