package dev.skirmish.engine.spi.wire;

/**
 * Skirmish's delta snapshots for any game's entities: a game declares its fields ({@link EntitySchema}), fills one
 * {@link Entities} per viewer and snapshot (only what that viewer should see: interest is the game's choice), and
 * this writes it against the viewer's baseline (the engine's {@link dev.skirmish.engine.spi.Views} contract hands
 * both). The browser SDK decodes the same bits ({@code js/engine/entities.js}); docs/protocol.md, "Entity deltas",
 * is the specification.
 *
 * <pre>
 * delta (a baseline):  per baseline entity, in id order:
 *                        0                 unchanged (moving fields advance by their motion x age)
 *                        10 mask changes   mask: one bit per field, in schema order; then each changed field
 *                        11                left
 * both:                uv entered; per entered entity, in id order: uv (id - previous id - 1), every field raw
 * a moving field:      u2 class, then a signed residual against the prediction of 4, 7 or 10 bits (classes 0-2),
 *                      or the value itself in the field's bits (class 3)
 * a plain field:       the value in the field's bits
 * </pre>
 * Motion per tick of a moving field: after a residual, (value - baseline value) / age, truncated toward zero and
 * clamped to +-{@value #MAX_MOTION}; after class 3, or for an entity that entered, 0; unchanged otherwise. A stopped or
 * steadily moving entity costs one bit. Both ends derive it, so it is never sent.
 */
public final class EntityDelta {
    /** Largest entity id. */
    public static final int MAX_ID = 0xFFFF;
    /** Largest motion per tick a moving field keeps. */
    public static final int MAX_MOTION = 2047;
    private static final int[] CLASS_BITS = {4, 7, 10};

    private EntityDelta() {
    }

    /**
     * Writes {@code next} (its entities added in id order, values set) at {@code tick} against {@code base}, or in
     * full when {@code base} is null; sets {@code next}'s motion and tick as the decoder will, so that it can be the
     * viewer's next baseline.
     *
     * @throws IllegalArgumentException if {@code base} is not older than {@code tick}, or the schemas differ
     */
    public static void write(Entities base, Entities next, long tick, BitWriter w) {
        EntitySchema s = next.schema();
        int age = 0;
        if (base != null) {
            if (base.schema() != s) {
                throw new IllegalArgumentException("baseline of another schema");
            }
            if (tick <= base.tick) {
                throw new IllegalArgumentException("baseline at tick " + base.tick + " is not older than " + tick);
            }
            age = (int) Math.min(Integer.MAX_VALUE, tick - base.tick);
        }
        next.tick = tick;
        int n = s.fields();
        int j = 0;
        if (base != null) {
            for (int i = 0; i < base.size(); i++) {
                int id = base.id(i);
                while (j < next.size() && next.id(j) < id) {
                    j++;
                }
                if (j < next.size() && next.id(j) == id) {
                    writeChange(s, base, i, next, j, age, w);
                    j++;
                } else {
                    w.bit(true).bit(true); // left
                }
            }
        }
        int entered = 0;
        for (int k = 0, b = 0; k < next.size(); k++) {
            while (base != null && b < base.size() && base.id(b) < next.id(k)) {
                b++;
            }
            if (base == null || b >= base.size() || base.id(b) != next.id(k)) {
                entered++;
            }
        }
        w.uv(entered);
        int prev = -1;
        for (int k = 0, b = 0; k < next.size(); k++) {
            while (base != null && b < base.size() && base.id(b) < next.id(k)) {
                b++;
            }
            if (base != null && b < base.size() && base.id(b) == next.id(k)) {
                continue;
            }
            w.uv(next.id(k) - prev - 1);
            prev = next.id(k);
            for (int f = 0; f < n; f++) {
                w.bits(next.get(k, f), s.bits(f));
                next.setMotion(k, f, 0);
            }
        }
    }

    private static void writeChange(EntitySchema s, Entities base, int i, Entities next, int j, int age, BitWriter w) {
        int n = s.fields();
        int mask = 0;
        for (int f = 0; f < n; f++) {
            long expected = s.moving(f) ? base.get(i, f) + (long) base.motion(i, f) * age : base.get(i, f);
            if (next.get(j, f) != expected) {
                mask |= 1 << f;
            }
            next.setMotion(j, f, base.motion(i, f));
        }
        if (mask == 0) {
            w.bit(false);
            return;
        }
        w.bit(true).bit(false);
        for (int f = 0; f < n; f++) {
            w.bit((mask & (1 << f)) != 0);
        }
        for (int f = 0; f < n; f++) {
            if ((mask & (1 << f)) == 0) {
                continue;
            }
            long value = next.get(j, f);
            if (!s.moving(f)) {
                w.bits(value, s.bits(f));
                continue;
            }
            long residual = value - (base.get(i, f) + (long) base.motion(i, f) * age);
            int c = residualClass(residual);
            w.bits(c, 2);
            if (c < 3) {
                w.bits(residual, CLASS_BITS[c]);
                next.setMotion(j, f, motion(value, base.get(i, f), age));
            } else {
                w.bits(value, s.bits(f));
                next.setMotion(j, f, 0);
            }
        }
    }

    private static int residualClass(long r) {
        for (int c = 0; c < CLASS_BITS.length; c++) {
            long half = 1L << (CLASS_BITS[c] - 1);
            if (r >= -half && r < half) {
                return c;
            }
        }
        return 3;
    }

    static int motion(long value, long previous, int age) {
        long m = (value - previous) / age;
        return (int) Math.max(-MAX_MOTION, Math.min(MAX_MOTION, m));
    }

    /**
     * Reads the entities of one snapshot into {@code state}, which must hold the viewer's previous ones for a delta
     * ({@code baseAge > 0}, as the engine's header says); {@code baseAge} 0 reads a full one. On success {@code state}
     * holds the new entities at {@code tick}; on a {@link ProtocolException} it is unchanged. {@code scratch} is a
     * second table of the same schema.
     *
     * @throws ProtocolException on a truncated frame, an id out of order or range, a value outside its field, or more
     *                           entities than {@code state.maxEntities()}
     */
    public static void read(BitReader r, Entities state, int baseAge, long tick, Entities scratch)
            throws ProtocolException {
        EntitySchema s = state.schema();
        int n = s.fields();
        scratch.clear();
        if (baseAge > 0) {
            for (int i = 0; i < state.size(); i++) {
                if (!r.bit()) {
                    int j = scratch.copyEntity(state, i);
                    predict(s, state, i, scratch, j, baseAge, 0);
                } else if (!r.bit()) {
                    int j = scratch.copyEntity(state, i);
                    int mask = 0;
                    for (int f = 0; f < n; f++) {
                        mask |= r.bit() ? 1 << f : 0;
                    }
                    if (mask == 0) {
                        throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a changed entity with no change");
                    }
                    predict(s, state, i, scratch, j, baseAge, mask);
                    for (int f = 0; f < n; f++) {
                        if ((mask & (1 << f)) != 0) {
                            readField(r, s, f, state.get(i, f), state.motion(i, f), baseAge, scratch, j);
                        }
                    }
                }
            }
        }
        long entered = r.uv();
        if (entered > state.maxEntities() - scratch.size()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "more than " + state.maxEntities() + " entities");
        }
        Entities arrived = new Entities(s, Math.max(1, (int) entered));
        long id = -1;
        for (long e = 0; e < entered; e++) {
            id = id + 1 + r.uv();
            if (id > MAX_ID) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "entity id out of range");
            }
            int x = arrived.add((int) id);
            for (int f = 0; f < n; f++) {
                arrived.setRaw(x, f, r.bits(s.bits(f)));
            }
        }
        for (int a = 0, b = 0; a < scratch.size() && b < arrived.size(); ) {
            if (scratch.id(a) == arrived.id(b)) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "entity " + arrived.id(b) + " entered twice");
            }
            if (scratch.id(a) < arrived.id(b)) {
                a++;
            } else {
                b++;
            }
        }
        // nothing can fail from here: merge the kept and the entered ones (both in id order) into state
        state.clear();
        for (int a = 0, b = 0; a < scratch.size() || b < arrived.size(); ) {
            if (b >= arrived.size() || (a < scratch.size() && scratch.id(a) < arrived.id(b))) {
                state.copyEntity(scratch, a++);
            } else {
                state.copyEntity(arrived, b++);
            }
        }
        state.tick = tick;
    }

    /** Sets the moving fields of scratch entity {@code j} to their prediction (those not in {@code changed}). */
    private static void predict(EntitySchema s, Entities old, int i, Entities next, int j, int age, int changed)
            throws ProtocolException {
        for (int f = 0; f < s.fields(); f++) {
            if (s.moving(f) && (changed & (1 << f)) == 0) {
                long p = old.get(i, f) + (long) old.motion(i, f) * age;
                next.setRaw(j, f, checked(s, f, p));
            }
        }
    }

    private static void readField(BitReader r, EntitySchema s, int f, long previous, int motion, int age, Entities next,
                                  int j) throws ProtocolException {
        if (!s.moving(f)) {
            next.setRaw(j, f, r.bits(s.bits(f)));
            return;
        }
        int c = r.ubits(2);
        if (c == 3) {
            next.setRaw(j, f, r.bits(s.bits(f)));
            next.setMotion(j, f, 0);
            return;
        }
        long value = checked(s, f, previous + (long) motion * age + r.sbits(CLASS_BITS[c]));
        next.setRaw(j, f, value);
        next.setMotion(j, f, motion(value, previous, age));
    }

    private static long checked(EntitySchema s, int f, long v) throws ProtocolException {
        if (v < 0 || v > s.max(f)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, s.name(f) + " out of range");
        }
        return v;
    }
}
