package dev.skirmish.engine.web;

import dev.skirmish.engine.lobby.LobbyClient;
import dev.skirmish.engine.lobby.LobbyService;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.spi.wire.Protocol;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The lobby's JSON stream: text in, {@link LobbyService} decides and replies through a bounded outbox. */
@ServerEndpoint("/ws/lobby")
public class LobbyEndpoint {
    private static final Logger LOG = Logger.getLogger(LobbyEndpoint.class.getName());

    @Inject
    LobbyService lobby;

    @Inject
    ConnectionRegistry registry;

    private SessionOutbox outbox;
    private volatile LobbyClient client;
    private boolean admitted;

    @OnOpen
    public void open(Session session) {
        outbox = registry.accept(session, now -> {
            LobbyClient c = client;
            return c != null && lobby.isIdle(c, now);
        });
        if (outbox.isClosed()) {
            return;
        }
        client = lobby.newClient(outbox);
        admitted = lobby.admit();
        if (!admitted) {
            registry.refuse(outbox, CloseCodes.TRY_AGAIN_LATER, "server busy, try again later");
        }
    }

    @OnMessage(maxMessageSize = Protocol.MAX_CLIENT_TEXT_BYTES)
    public void text(String text) {
        outbox.heard(); // a refused connection gets its close now
        if (!admitted) {
            return;
        }
        try {
            lobby.handle(client, text);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected failure on the lobby stream", e);
            registry.internalError();
            outbox.close(CloseCodes.INTERNAL_ERROR, CloseCodes.INTERNAL_ERROR.reason());
        }
    }

    @OnMessage(maxMessageSize = Protocol.MAX_CLIENT_TEXT_BYTES)
    public void binary(ByteBuffer frame) {
        outbox.heard();
        outbox.close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted on the lobby stream");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        outbox.pong(pong.getApplicationData());
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        if (outbox != null) {
            registry.remove(outbox);
        }
        if (admitted) {
            admitted = false;
            lobby.release(client);
        }
    }

    @OnError
    public void error(Session session, Throwable t) {
        LOG.log(Level.FINE, "lobby stream error", t);
    }
}
