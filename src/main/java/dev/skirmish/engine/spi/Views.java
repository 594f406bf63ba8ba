package dev.skirmish.engine.spi;

import dev.skirmish.engine.spi.wire.BitWriter;

/**
 * Writes each viewer's SNAPSHOT frame. The engine keeps two {@code S} per viewer: the baseline (what the client
 * has: the last frame handed to its socket) and the next one being written; when the frame is handed over the two
 * swap, so a game writes deltas against exactly what the client decoded, and never tracks acknowledgements. When
 * the baseline is unusable (a new viewer, a resync request, older than {@link #MAX_BASE_AGE} ticks) the engine
 * passes no baseline and the game writes a full snapshot.
 *
 * @param <S> what one viewer knows after one snapshot (quantized), as the client's decoder keeps it
 */
public interface Views<S> {
    /** A delta reaches back at most this many ticks (the frame's u8 base age); older baselines get a full frame. */
    int MAX_BASE_AGE = 255;

    /** A fresh per-viewer state (two per viewer). */
    S newState();

    /** Once per snapshot round that has a viewer, before any {@link #write}: capture what all viewers share. */
    void capture();

    /**
     * Writes the game's part of one viewer's frame into {@code out}, after the engine's header (opcode, tick, ack,
     * match phase, event count, roster flag), and fills {@code next}; it ends aligned to a byte (bits first, then
     * any bytes). The engine then appends the events and the roster. See
     * {@link dev.skirmish.engine.spi.wire.SnapshotFrames}.
     *
     * @param base the viewer's baseline, or null for a full snapshot
     */
    void write(Viewer viewer, S base, S next, BitWriter out);
}
