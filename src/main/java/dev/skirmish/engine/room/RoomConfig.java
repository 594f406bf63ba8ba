package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.InterestArea;

/**
 * What a room needs to know about rates and limits.
 *
 * @param simRateHz             ticks per second
 * @param snapshotRateHz        snapshots per second (at most simRateHz)
 * @param inputMaxPerTick       inputs applied per player per tick
 * @param emptyCloseTicks       ticks a room stays open with nobody in it
 * @param seatHoldTicks         ticks a dropped player keeps its seat and place in the world (0: none)
 * @param interest              which entities each player is sent
 * @param maxSpectators         spectators the room takes at once (0: none); they hold no seat
 * @param tickEvery             the room ticks once every this many ticks of its loop (a game slower than the loop)
 * @param inputLagTicks         the jitter margin of holding ({@link InputQueue}): ticks the applied inputs stay
 *                              behind the newest a client sent
 * @param inputHoldTicks        ticks past the newest input received that the last input is held (0: none)
 */
public record RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                         long seatHoldTicks, InterestArea interest, int maxSpectators, int tickEvery,
                         int inputLagTicks, int inputHoldTicks) {
    /** Spectators a room takes at once unless configured ({@code room.maxSpectators}). */
    public static final int DEFAULT_MAX_SPECTATORS = 16;

    /** A room that applies the inputs that arrived, as they arrive (nothing held). */
    public RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                      long seatHoldTicks, InterestArea interest, int maxSpectators, int tickEvery) {
        this(simRateHz, snapshotRateHz, inputMaxPerTick, emptyCloseTicks, seatHoldTicks, interest, maxSpectators,
                tickEvery, 0, 0);
    }

    /** A room that ticks with its loop. */
    public RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                      long seatHoldTicks, InterestArea interest, int maxSpectators) {
        this(simRateHz, snapshotRateHz, inputMaxPerTick, emptyCloseTicks, seatHoldTicks, interest, maxSpectators, 1);
    }

    /** A configuration with the default spectator bound. */
    public RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                      long seatHoldTicks, InterestArea interest) {
        this(simRateHz, snapshotRateHz, inputMaxPerTick, emptyCloseTicks, seatHoldTicks, interest,
                DEFAULT_MAX_SPECTATORS);
    }

    /** A configuration without interest management. */
    public RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                      long seatHoldTicks) {
        this(simRateHz, snapshotRateHz, inputMaxPerTick, emptyCloseTicks, seatHoldTicks, InterestArea.WHOLE_MAP);
    }
}
