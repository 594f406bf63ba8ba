package dev.skirmish.engine.room;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A room as it moves from a stopping node to another one: its identity, its members with their entities, and
 * its world as its game saved it ({@link dev.skirmish.engine.spi.GameWorld#save}). Binary: the magic {@code SKRH}, a
 * version (u16, now {@value #VERSION}), the room's id, name, join code (or none), capacity, game, members, then the
 * saved world. Plain Java.
 */
public final class RoomHandover {
    /** Format version; a node refuses versions it does not know. */
    public static final int VERSION = 2;
    private static final int MAGIC = 0x534B5248; // "SKRH"

    private RoomHandover() {
    }

    /** A player with a seat: its entity in the saved world. */
    public record Member(String playerId, String nickname, int entityId) {
    }

    /** What moves. */
    public record State(String roomId, String name, String code, int capacity, String game, List<Member> members,
                        byte[] world) {
        public State {
            members = List.copyOf(members);
        }
    }

    public static byte[] encode(State s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + s.world().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeUTF(s.roomId());
            out.writeUTF(s.name());
            out.writeBoolean(s.code() != null);
            if (s.code() != null) {
                out.writeUTF(s.code());
            }
            out.writeInt(s.capacity());
            out.writeUTF(s.game());
            out.writeInt(s.members().size());
            for (Member m : s.members()) {
                out.writeUTF(m.playerId());
                out.writeUTF(m.nickname());
                out.writeInt(m.entityId());
            }
            out.writeInt(s.world().length);
            out.write(s.world());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for bytes that are not a handed-over room of this version */
    public static State decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 6 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a handed-over room");
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new IllegalArgumentException("handover format " + version + " is not supported (this node reads "
                        + VERSION + ")");
            }
            String id = in.readUTF();
            String name = in.readUTF();
            String code = in.readBoolean() ? in.readUTF() : null;
            int capacity = in.readInt();
            String game = in.readUTF();
            int n = in.readInt();
            if (capacity < 1 || capacity > 1024 || n < 0 || n > capacity) {
                throw new IllegalArgumentException("capacity " + capacity + " or member count " + n + " out of range");
            }
            List<Member> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                members.add(new Member(in.readUTF(), in.readUTF(), in.readInt()));
            }
            int worldLength = in.readInt();
            if (worldLength < 0 || worldLength > in.available()) {
                throw new IllegalArgumentException("the saved world is truncated");
            }
            byte[] world = in.readNBytes(worldLength);
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the handed-over room");
            }
            return new State(id, name, code, capacity, game, members, world);
        } catch (EOFException e) {
            throw new IllegalArgumentException("the handed-over room is truncated");
        } catch (IOException e) {
            throw new IllegalArgumentException("the handed-over room cannot be read: " + e.getMessage());
        }
    }
}
