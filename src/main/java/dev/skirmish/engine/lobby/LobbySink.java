package dev.skirmish.engine.lobby;

import dev.skirmish.engine.spi.wire.CloseCodes;

/** Where the lobby sends one connection's JSON messages; implementations queue with a bound and never block. */
public interface LobbySink {

    void send(String json);

    void close(CloseCodes code, String reason);
}
