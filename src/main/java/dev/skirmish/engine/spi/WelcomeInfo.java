package dev.skirmish.engine.spi;

/**
 * The engine's part of a WELCOME frame: the protocol version, who the client is (its entity, 0 for a spectator),
 * the tick and snapshot rates, and the view size of the area of interest.
 */
public record WelcomeInfo(int protocolVersion, int selfId, int simRateHz, int snapshotRateHz, int viewWidth,
                          int viewHeight) {
}
