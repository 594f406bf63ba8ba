package dev.skirmish.room;

/**
 * What a room needs to know about rates and limits.
 *
 * @param simRateHz             ticks per second
 * @param snapshotRateHz        snapshots per second (at most simRateHz)
 * @param inputMaxPerTick       inputs applied per player per tick
 * @param emptyCloseTicks       ticks a room stays open with nobody in it
 * @param seatHoldTicks         ticks a dropped player keeps its seat and place in the world (0: none)
 * @param interest              which entities each player is sent
 */
public record RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                         long seatHoldTicks, InterestArea interest) {
    /** A configuration without interest management. */
    public RoomConfig(int simRateHz, int snapshotRateHz, int inputMaxPerTick, long emptyCloseTicks,
                      long seatHoldTicks) {
        this(simRateHz, snapshotRateHz, inputMaxPerTick, emptyCloseTicks, seatHoldTicks, InterestArea.WHOLE_MAP);
    }
}
