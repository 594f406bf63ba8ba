package dev.skirmish.engine.lobby;

import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.cluster.ClusterView;
import dev.skirmish.engine.cluster.NodeState;
import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.Room;
import dev.skirmish.engine.room.RoomException;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.SeatTickets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where players sit and can sit, for the lobby: this node's rooms (the {@link RoomManager}) and, in cluster mode,
 * the other nodes' (the {@link ClusterService}'s view). It is the lobby's one answer to "where is this player" and
 * "which room", so that {@link LobbyService} speaks the lobby protocol without asking which node a room is on. On a
 * single node the cluster's view is empty and every answer is this node's.
 */
final class Seating {
    /** A room a player can be sent to: one of this node's, or one of another node's. */
    sealed interface Place permits Here, There {
        String id();
    }

    record Here(Room room) implements Place {
        @Override
        public String id() {
            return room.id();
        }
    }

    record There(ClusterView.RemoteRoom remote) implements Place {
        @Override
        public String id() {
            return remote.room().id();
        }
    }

    /** A seat taken (or kept) in a room: the single-use ticket and the path of the game stream that claims it. */
    record Taken(Place place, String code, String ticket, String gamePath) {
    }

    /** A room the player is in and its members (for room chat). */
    record Membership(String roomId, Set<String> memberIds) {
    }

    private final Supplier<RoomManager> manager;
    private final ClusterService cluster;

    Seating(Supplier<RoomManager> manager, ClusterService cluster) {
        this.manager = manager;
        this.cluster = cluster;
    }

    private RoomManager manager() {
        return manager.get();
    }

    /** A public room by id, on any node. */
    Place byId(String roomId) throws RoomException {
        Optional<Room> room = manager().find(roomId).filter(r -> !r.isClosed() && !r.isPrivate());
        if (room.isPresent()) {
            return new Here(room.get());
        }
        return cluster.view().room(roomId).filter(r -> !r.room().isPrivate()).<Place>map(There::new)
                .orElseThrow(() -> notFound(roomId, "No room with that id."));
    }

    /** A private room by its code (any case), on any node. */
    Place byCode(String code) throws RoomException {
        Optional<Room> room = manager().findByCode(code);
        if (room.isPresent()) {
            return new Here(room.get());
        }
        return cluster.view().byCode(code).<Place>map(There::new).orElseThrow(
                () -> notFound("code:" + code.strip().toUpperCase(Locale.ROOT), "No private room with that code."));
    }

    /**
     * Quick play: the public room of {@code game} with the most players that still has a seat, on any node (not on
     * a draining one); a new room here when none has.
     */
    Place quickPlay(String game) throws RoomException {
        ClusterView.Snapshot v = cluster.view();
        Optional<ClusterView.RemoteRoom> remote = v.rooms().stream()
                .filter(r -> !r.room().isPrivate() && r.room().players() < r.room().capacity()
                        && game.equals(r.room().game()) && !v.nodes().get(r.node()).draining())
                .max(Comparator.comparingInt((ClusterView.RemoteRoom r) -> r.room().players())
                        .thenComparing(r -> r.room().id()));
        Optional<Room> local = manager().fullestOpenRoom(game);
        if (remote.isPresent() && (local.isEmpty() || remote.get().room().players() > local.get().seatsTaken())) {
            return new There(remote.get());
        }
        return new Here(manager().quickPlayRoom(game));
    }

    /**
     * Seats the player in {@code place}: it leaves its seat anywhere else (on any node) and gets a ticket with the
     * game path of the room's node. In another node's room the seat is taken when the stream opens there (4006 if
     * the room filled meanwhile).
     */
    Taken take(Place place, String playerId, String nickname) throws RoomException {
        Optional<ClusterView.RemoteSeat> seat = cluster.view().seat(playerId);
        if (place instanceof Here here) {
            seat.ifPresent(s -> cluster.sendLeave(s.room().node(), playerId));
            SeatTickets.Ticket t = manager().reserve(here.room(), playerId, nickname);
            return new Taken(place, here.room().code(), t.token(), localPath(t));
        }
        ClusterView.RemoteRoom remote = ((There) place).remote();
        NodeState.RoomEntry room = remote.room();
        NodeState node = cluster.view().nodes().get(remote.node());
        boolean member = seat.isPresent() && seat.get().room().room().id().equals(room.id());
        if (node == null || node.draining()) {
            throw new RoomException(ErrorCode.ROOM_NOT_FOUND, "That room's server is shutting down.");
        }
        if (!member && room.players() >= room.capacity()) {
            throw new RoomException(ErrorCode.ROOM_FULL, "Room " + room.id() + " is full (" + room.capacity()
                    + " players).");
        }
        if (!member) {
            manager().leave(playerId);
            seat.filter(s -> !s.room().node().equals(remote.node()))
                    .ifPresent(s -> cluster.sendLeave(s.room().node(), playerId));
        }
        String ticket = manager().signedTicket(room.id(), playerId, nickname);
        return new Taken(place, room.code(), ticket, RoomManager.gamePath(remote.path(), room.id(), ticket));
    }

    /** The seat a greeted player still holds (after a drop), with a fresh ticket to take it back, on any node. */
    Optional<Taken> resume(String playerId, String nickname) {
        Optional<SeatTickets.Ticket> local = manager().resumeTicket(playerId, nickname);
        if (local.isPresent()) {
            SeatTickets.Ticket t = local.get();
            return Optional.of(new Taken(new Here(t.room()), t.room().code(), t.token(), localPath(t)));
        }
        return cluster.view().seat(playerId).map(s -> {
            ClusterView.RemoteRoom r = s.room();
            String ticket = manager().signedTicket(r.room().id(), playerId, nickname);
            return new Taken(new There(r), r.room().code(), ticket, RoomManager.gamePath(r.path(), r.room().id(), ticket));
        });
    }

    /** The player leaves its room, on whichever node; the room's id, or null if it had none. */
    String leave(String playerId) {
        String roomId = manager().leave(playerId);
        if (roomId == null) {
            Optional<ClusterView.RemoteSeat> seat = cluster.view().seat(playerId);
            if (seat.isPresent()) {
                cluster.sendLeave(seat.get().room().node(), playerId);
                roomId = seat.get().room().room().id();
            }
        }
        return roomId;
    }

    /** The room the player sits or holds a seat in, with its members, on any node. */
    Optional<Membership> membership(String playerId) {
        Optional<LocalRoom> room = manager().membership(playerId);
        if (room.isPresent()) {
            return Optional.of(new Membership(room.get().id(), room.get().memberIds()));
        }
        return cluster.view().seat(playerId).map(s -> {
            Set<String> members = new HashSet<>();
            for (NodeState.Member m : s.room().room().members()) {
                members.add(m.playerId());
            }
            return new Membership(s.room().room().id(), members);
        });
    }

    /** Whether the player sits or holds a seat anywhere. */
    boolean seated(String playerId) {
        return manager().membership(playerId).isPresent() || cluster.view().seat(playerId).isPresent();
    }

    /** Whether a room with this id is open anywhere (its chat history is kept while it is). */
    boolean exists(String roomId) {
        return manager().find(roomId).isPresent() || cluster.view().room(roomId).isPresent();
    }

    /** ROOM_LOST for a room whose node went down (cluster mode), else ROOM_NOT_FOUND with the message. */
    private RoomException notFound(String roomIdOrCode, String message) {
        String node = cluster.lostWith(roomIdOrCode);
        return node == null ? new RoomException(ErrorCode.ROOM_NOT_FOUND, message)
                : new RoomException(ErrorCode.ROOM_LOST, "That room's server (node " + node
                + ") went down, so its match was lost.");
    }

    private String localPath(SeatTickets.Ticket t) {
        return RoomManager.gamePath(cluster.nodePath(), t.room().id(), t.token());
    }
}
