package dev.skirmish.games.arena.protocol;

/**
 * Everything a snapshot tells one client, quantized: the baseline that the next delta is encoded against.
 * The server keeps one per player (the last snapshot handed to its socket), the client's decoder keeps the
 * last one it decoded; the codec keeps the two identical.
 */
public final class SnapshotState {
    /** False until the first snapshot; a delta needs a valid baseline. */
    public boolean valid;
    public long tick;
    public long ackSeq;
    /** The player's own velocity in 1/16 units per second. */
    public int vx;
    public int vy;
    public int phase;
    /** Tick at which the current match phase ends (0 while waiting). */
    public long phaseEndTick;
    /** Half the play area's width and height in 1/16 units; the area is centred on the map. */
    public int areaHalfWidth16;
    public int areaHalfHeight16;
    /** How many pickup spots the map has (0 to 64), and which of them have their pickup lying there (bit i: spot i). */
    public int pickupCount;
    public long pickups;
    public final EntityTable entities = new EntityTable();

    public void copyFrom(SnapshotState o) {
        valid = o.valid;
        tick = o.tick;
        ackSeq = o.ackSeq;
        vx = o.vx;
        vy = o.vy;
        phase = o.phase;
        phaseEndTick = o.phaseEndTick;
        areaHalfWidth16 = o.areaHalfWidth16;
        areaHalfHeight16 = o.areaHalfHeight16;
        pickupCount = o.pickupCount;
        pickups = o.pickups;
        entities.copyFrom(o.entities);
    }
}
