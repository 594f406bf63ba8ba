package dev.skirmish.engine.spi;

/** The encoded events of one snapshot round ({@link GameWorld#takeEvents}): how many, and their bytes. */
public record EventChunk(int count, byte[] bytes) {
    public static final EventChunk EMPTY = new EventChunk(0, new byte[0]);
}
