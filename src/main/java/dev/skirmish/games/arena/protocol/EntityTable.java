package dev.skirmish.games.arena.protocol;

import java.util.Arrays;

/**
 * The quantized entities of one snapshot as one client knows them, in ascending id order (struct of arrays,
 * reused between snapshots). Positions are in 1/16 units ({@link Quant#toPosition}), angles in 1/256 turns.
 * {@code mx, my} are the motion per tick both ends derive from the last two positions they exchanged; the
 * delta codec predicts the next position with it (see docs/protocol.md, "Delta snapshots").
 */
public final class EntityTable {
    /** Most entities one snapshot may hold (players and projectiles of one world fit with room to spare). */
    public static final int MAX_ENTITIES = 4096;

    int size;
    int[] id = new int[16];
    int[] kind = new int[16];
    int[] x = new int[16];
    int[] y = new int[16];
    int[] angle = new int[16];
    int[] health = new int[16];
    int[] flags = new int[16];
    int[] owner = new int[16];
    int[] mx = new int[16];
    int[] my = new int[16];

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Appends an entity (ids must ascend) with no motion; returns its index. */
    public int add(int entityId, int entityKind, int qx, int qy, int angle8, int hp, int flagBits, int ownerId) {
        if (size == id.length) {
            grow();
        }
        int i = size++;
        id[i] = entityId;
        kind[i] = entityKind;
        x[i] = qx;
        y[i] = qy;
        angle[i] = angle8;
        health[i] = hp;
        flags[i] = flagBits;
        owner[i] = ownerId;
        mx[i] = 0;
        my[i] = 0;
        return i;
    }

    /** Appends entity {@code i} of {@code from}, motion included. */
    public void addCopy(EntityTable from, int i) {
        int j = add(from.id[i], from.kind[i], from.x[i], from.y[i], from.angle[i], from.health[i], from.flags[i],
                from.owner[i]);
        mx[j] = from.mx[i];
        my[j] = from.my[i];
    }

    public void copyFrom(EntityTable o) {
        clear();
        for (int i = 0; i < o.size; i++) {
            addCopy(o, i);
        }
    }

    private void grow() {
        int n = id.length * 2;
        id = Arrays.copyOf(id, n);
        kind = Arrays.copyOf(kind, n);
        x = Arrays.copyOf(x, n);
        y = Arrays.copyOf(y, n);
        angle = Arrays.copyOf(angle, n);
        health = Arrays.copyOf(health, n);
        flags = Arrays.copyOf(flags, n);
        owner = Arrays.copyOf(owner, n);
        mx = Arrays.copyOf(mx, n);
        my = Arrays.copyOf(my, n);
    }

    public int id(int i) {
        return id[i];
    }

    public int kind(int i) {
        return kind[i];
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    public int angle(int i) {
        return angle[i];
    }

    public int health(int i) {
        return health[i];
    }

    public int flags(int i) {
        return flags[i];
    }

    public int owner(int i) {
        return owner[i];
    }

    public int mx(int i) {
        return mx[i];
    }

    public int my(int i) {
        return my[i];
    }

    /** Index of the entity with this id, or -1. */
    public int indexOf(int entityId) {
        int i = Arrays.binarySearch(id, 0, size, entityId);
        return i >= 0 ? i : -1;
    }
}
