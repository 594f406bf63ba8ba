/**
 * Replays, for every game that says it has them ({@link dev.skirmish.engine.spi.Game#replays()}): a room's world is
 * wrapped in a {@link dev.skirmish.engine.replay.RecordingWorld}, which writes what the engine does to it (joins,
 * holds, leaves, each tick's inputs) in blocks that each start from a saved state; a finished match becomes a
 * {@link dev.skirmish.engine.replay.Replay}, kept in a {@link dev.skirmish.engine.replay.ReplayStore}; a
 * {@link dev.skirmish.engine.replay.ReplayPlayer} steps a fresh world through one again and checks it reaches the
 * recorded states. Plain Java, no container. The file format is docs/replays.md.
 */
package dev.skirmish.engine.replay;
