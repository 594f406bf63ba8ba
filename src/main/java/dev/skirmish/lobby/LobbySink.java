package dev.skirmish.lobby;

import dev.skirmish.protocol.CloseCodes;

/** Where the lobby sends one connection's JSON messages; implementations queue with a bound and never block. */
public interface LobbySink {

    void send(String json);

    void close(CloseCodes code, String reason);
}
