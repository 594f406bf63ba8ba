package dev.skirmish.engine.spi.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a game's entities as {@link EntityDelta} sends them: each an unsigned integer of a fixed number of
 * bits, either <em>moving</em> (a coordinate: both ends predict it from its motion per tick and only the residual is
 * sent) or <em>plain</em> (sent whole when it changed). A game quantizes its values into these fields itself.
 * The JavaScript SDK has the same schema ({@code js/engine/entities.js}); both must declare the fields in the same
 * order. Immutable.
 *
 * <pre>{@code
 * static final EntitySchema DOTS = EntitySchema.builder().moving("x", 16).moving("y", 16).plain("it", 1).build();
 * }</pre>
 */
public final class EntitySchema {
    /** Most fields one schema may have (the change mask is one bit per field). */
    public static final int MAX_FIELDS = 16;
    /** Widest moving field (its residual classes are 4, 7 and 10 bits). */
    public static final int MAX_MOVING_BITS = 24;

    private final String[] names;
    private final int[] bits;
    private final boolean[] moving;

    private EntitySchema(List<String> names, List<Integer> bits, List<Boolean> moving) {
        this.names = names.toArray(new String[0]);
        this.bits = bits.stream().mapToInt(Integer::intValue).toArray();
        this.moving = new boolean[moving.size()];
        for (int i = 0; i < this.moving.length; i++) {
            this.moving[i] = moving.get(i);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many fields an entity has. */
    public int fields() {
        return bits.length;
    }

    public String name(int field) {
        return names[field];
    }

    public int bits(int field) {
        return bits[field];
    }

    public boolean moving(int field) {
        return moving[field];
    }

    /** The largest value of a field: {@code 2^bits - 1}. */
    public long max(int field) {
        return (1L << bits[field]) - 1;
    }

    /** The index of the field with this name, or -1. */
    public int field(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("EntitySchema[");
        for (int i = 0; i < names.length; i++) {
            b.append(i == 0 ? "" : ", ").append(moving[i] ? "moving " : "plain ").append(names[i]).append(':').append(bits[i]);
        }
        return b.append(']').toString();
    }

    /** Declares fields in wire order. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Integer> bits = new ArrayList<>();
        private final List<Boolean> moving = new ArrayList<>();

        private Builder() {
        }

        /** A coordinate of {@code bits} bits (8..24), predicted from its motion per tick. */
        public Builder moving(String name, int bits) {
            if (bits < 8 || bits > MAX_MOVING_BITS) {
                throw new IllegalArgumentException("a moving field has 8.." + MAX_MOVING_BITS + " bits: " + name);
            }
            return add(name, bits, true);
        }

        /** A value of {@code bits} bits (1..32), sent whole when it changed. */
        public Builder plain(String name, int bits) {
            if (bits < 1 || bits > 32) {
                throw new IllegalArgumentException("a plain field has 1..32 bits: " + name);
            }
            return add(name, bits, false);
        }

        private Builder add(String name, int b, boolean m) {
            if (names.contains(name)) {
                throw new IllegalArgumentException("field " + name + " declared twice");
            }
            if (names.size() == MAX_FIELDS) {
                throw new IllegalArgumentException("at most " + MAX_FIELDS + " fields");
            }
            names.add(name);
            bits.add(b);
            moving.add(m);
            return this;
        }

        public EntitySchema build() {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a schema needs a field");
            }
            return new EntitySchema(names, bits, moving);
        }
    }
}
