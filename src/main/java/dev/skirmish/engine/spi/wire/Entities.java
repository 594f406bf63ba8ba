package dev.skirmish.engine.spi.wire;

import java.util.Arrays;

/**
 * The entities of one snapshot as one viewer knows them: ids in ascending order, each with the values of its
 * {@link EntitySchema}'s fields and, for moving fields, the motion per tick both ends derived. A game fills one per
 * viewer and snapshot ({@link #clear}, then {@link #add} in id order and {@link #set}); {@link EntityDelta} writes
 * it against the viewer's previous one. Reused between snapshots; grows up to {@link #maxEntities}.
 */
public final class Entities {
    private final EntitySchema schema;
    private final int fields;
    private final int maxEntities;
    /** The tick of the snapshot this table holds ({@link EntityDelta#write} sets it; ages of deltas come from it). */
    public long tick;
    private int size;
    private int[] ids = new int[16];
    private long[] values;
    private int[] motion;

    /** @param maxEntities most entities a snapshot may hold (a decoder refuses more) */
    public Entities(EntitySchema schema, int maxEntities) {
        if (maxEntities < 1) {
            throw new IllegalArgumentException("maxEntities must be positive");
        }
        this.schema = schema;
        this.fields = schema.fields();
        this.maxEntities = maxEntities;
        this.values = new long[16 * fields];
        this.motion = new int[16 * fields];
    }

    public EntitySchema schema() {
        return schema;
    }

    public int maxEntities() {
        return maxEntities;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /**
     * Appends an entity with all fields 0 and no motion; returns its index.
     *
     * @throws IllegalArgumentException if ids do not ascend, or the id is outside 0..65535
     * @throws IllegalStateException    if the table holds {@link #maxEntities} already
     */
    public int add(int id) {
        if (id < 0 || id > EntityDelta.MAX_ID) {
            throw new IllegalArgumentException("entity id out of range: " + id);
        }
        if (size > 0 && ids[size - 1] >= id) {
            throw new IllegalArgumentException("entity ids must ascend: " + id + " after " + ids[size - 1]);
        }
        if (size == maxEntities) {
            throw new IllegalStateException("more than " + maxEntities + " entities");
        }
        if (size == ids.length) {
            int n = Math.min(maxEntities, size * 2);
            ids = Arrays.copyOf(ids, n);
            values = Arrays.copyOf(values, n * fields);
            motion = Arrays.copyOf(motion, n * fields);
        }
        int i = size++;
        ids[i] = id;
        Arrays.fill(values, i * fields, (i + 1) * fields, 0);
        Arrays.fill(motion, i * fields, (i + 1) * fields, 0);
        return i;
    }

    /**
     * Sets a field of entity {@code i}.
     *
     * @throws IllegalArgumentException if the value does not fit the field's bits
     */
    public Entities set(int i, int field, long value) {
        if (value < 0 || value > schema.max(field)) {
            throw new IllegalArgumentException(schema.name(field) + " out of range: " + value);
        }
        values[i * fields + field] = value;
        return this;
    }

    public int id(int i) {
        return ids[i];
    }

    public long get(int i, int field) {
        return values[i * fields + field];
    }

    /** The motion per tick of a moving field, as both ends derived it (0 for plain fields). */
    public int motion(int i, int field) {
        return motion[i * fields + field];
    }

    /** Index of the entity with this id, or -1. */
    public int indexOf(int id) {
        int i = Arrays.binarySearch(ids, 0, size, id);
        return i >= 0 ? i : -1;
    }

    /** Becomes a copy of {@code o} (same schema), motion and tick included. */
    public void copyFrom(Entities o) {
        tick = o.tick;
        clear();
        for (int i = 0; i < o.size; i++) {
            copyEntity(o, i);
        }
    }

    int copyEntity(Entities from, int i) {
        int j = add(from.ids[i]);
        System.arraycopy(from.values, i * fields, values, j * fields, fields);
        System.arraycopy(from.motion, i * fields, motion, j * fields, fields);
        return j;
    }

    void setRaw(int i, int field, long value) {
        values[i * fields + field] = value;
    }

    void setMotion(int i, int field, int m) {
        motion[i * fields + field] = m;
    }
}
