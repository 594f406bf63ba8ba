package dev.skirmish.engine.lobby;

import dev.skirmish.engine.cluster.ClusterNode;
import dev.skirmish.engine.cluster.ClusterService;
import dev.skirmish.engine.cluster.Digest;
import dev.skirmish.engine.cluster.RoomInfo;
import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.room.LocalRoom;
import dev.skirmish.engine.room.Room;
import dev.skirmish.engine.room.RoomException;
import dev.skirmish.engine.room.RoomManager;
import dev.skirmish.engine.room.SeatTickets;
import java.util.Collection;
import java.util.List;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where players sit and can sit, for the lobby: this node's rooms (the {@link RoomManager}) and, in cluster mode,
 * the other nodes' (the cluster's directory: the digest's listed rooms, and a Redis lookup for a room, a code, a
 * player's seat or a node when a player needs one). It is the lobby's one answer to "where is this player" and
 * "which room", so that {@link LobbyService} speaks the lobby protocol without asking which node a room is on. On a
 * single node there is no directory and every answer is this node's. It also remembers where this lobby sent its
 * own players on other nodes ({@link #known}), which tells the presence list and the room chat where they sit.
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

    record There(RoomInfo remote) implements Place {
        @Override
        public String id() {
            return remote.id();
        }
    }

    /** A seat taken (or kept) in a room: the single-use ticket and the path of the game stream that claims it. */
    record Taken(Place place, String code, String ticket, String gamePath) {
    }

    /** A room the player is in and its members this node knows of (for room chat). */
    record Membership(String roomId, Set<String> memberIds) {
    }

    private final Supplier<RoomManager> manager;
    private final ClusterService cluster;
    /** Players of this lobby seated on other nodes, with the room this lobby last knew them in; pruned each round. */
    private final Map<String, RoomInfo> known = new ConcurrentHashMap<>();

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
        RoomInfo remote = remoteRoom(roomId);
        if (remote == null || remote.isPrivate()) {
            throw notFound(roomId, "No room with that id.");
        }
        return new There(remote);
    }

    /** A private room by its code (any case), on any node. */
    Place byCode(String code) throws RoomException {
        Optional<Room> room = manager().findByCode(code);
        if (room.isPresent()) {
            return new Here(room.get());
        }
        String upper = code.strip().toUpperCase(Locale.ROOT);
        ClusterNode node = cluster.node();
        RoomInfo remote = null;
        if (node != null && !upper.isEmpty()) {
            try {
                remote = node.roomByCode(upper);
            } catch (ClusterNode.Unreachable e) {
                throw unreachable();
            }
        }
        if (remote == null) {
            throw notFound("code:" + upper, "No private room with that code.");
        }
        return new There(remote);
    }

    /**
     * Quick play: seats the player in the public room of {@code game} with the most players that still has a seat,
     * on any node (not on a draining one; the digest lists each game's fullest ones), or in a new room here when
     * none has. A room of another node that filled, closed or went down since the digest listed it is passed over
     * for the next (at most {@link #QUICK_PLAY_TRIES} of them).
     */
    Taken quickPlay(String game, String playerId, String nickname) throws RoomException {
        String self = cluster.nodeId();
        Optional<Room> local = manager().fullestOpenRoom(game);
        int localPlayers = local.map(Room::seatsTaken).orElse(-1);
        List<RoomInfo> remote = cluster.digest().listed().stream()
                .filter(r -> !r.isPrivate() && r.hasASeat() && game.equals(r.game()) && !r.node().equals(self)
                        && r.players() > localPlayers)
                .sorted(Comparator.comparingInt(RoomInfo::players).reversed().thenComparing(RoomInfo::id,
                        Comparator.reverseOrder()))
                .limit(QUICK_PLAY_TRIES).toList();
        for (RoomInfo r : remote) {
            try {
                return take(new There(r), playerId, nickname);
            } catch (RoomException e) {
                if (e.code() != ErrorCode.ROOM_FULL && e.code() != ErrorCode.ROOM_NOT_FOUND
                        && e.code() != ErrorCode.ROOM_LOST) {
                    throw e;
                }
            }
        }
        return take(new Here(manager().quickPlayRoom(game)), playerId, nickname);
    }

    /** Rooms of other nodes quick play tries before it opens one here. */
    static final int QUICK_PLAY_TRIES = 3;

    /**
     * Seats the player in {@code place}: it leaves its seat anywhere else (on any node) and gets a ticket with the
     * game path of the room's node. In another node's room the room and its node are looked up first (a room
     * whose node stopped beating is lost: ROOM_LOST); the seat is taken when the stream opens there (4006 if the
     * room filled meanwhile).
     */
    Taken take(Place place, String playerId, String nickname) throws RoomException {
        ClusterNode.Seat seat = remoteSeat(playerId);
        if (place instanceof Here here) {
            if (seat != null) {
                cluster.node().sendLeave(seat.node(), playerId);
            }
            known.remove(playerId);
            SeatTickets.Ticket t = manager().reserve(here.room(), playerId, nickname);
            return new Taken(place, here.room().code(), t.token(), localPath(t));
        }
        RoomInfo room = ((There) place).remote();
        ClusterNode node = cluster.node();
        try {
            RoomInfo fresh = node.room(room.id());
            if (fresh == null) {
                throw notFound(room.isPrivate() ? "code:" + room.code() : room.id(), "That room has closed.");
            }
            room = fresh;
            ClusterNode.Liveness alive = node.liveness(room.node());
            if (alive == ClusterNode.Liveness.GONE) {
                node.lost(room);
                throw lost(room.node());
            }
            if (alive == ClusterNode.Liveness.DRAINING || room.draining()) {
                throw new RoomException(ErrorCode.ROOM_NOT_FOUND, "That room's server is shutting down.");
            }
        } catch (ClusterNode.Unreachable e) {
            // Redis is out of reach: the room as last listed, as a lobby on its own would
        }
        boolean member = seat != null && seat.roomId().equals(room.id());
        if (!member && room.players() >= room.capacity()) {
            throw new RoomException(ErrorCode.ROOM_FULL, "Room " + room.id() + " is full (" + room.capacity()
                    + " players).");
        }
        if (!member) {
            manager().leave(playerId);
            if (seat != null && !seat.node().equals(room.node())) {
                node.sendLeave(seat.node(), playerId);
            }
        }
        known.put(playerId, room);
        String ticket = manager().signedTicket(room.id(), playerId, nickname);
        return new Taken(new There(room), room.code(), ticket, RoomManager.gamePath(room.path(), room.id(), ticket));
    }

    /**
     * The seat a greeted player still holds (after a drop), with a fresh ticket to take it back, on any node whose
     * heartbeat is alive (a room of a node that stopped beating is lost: no resume).
     */
    Optional<Taken> resume(String playerId, String nickname) {
        Optional<SeatTickets.Ticket> local = manager().resumeTicket(playerId, nickname);
        if (local.isPresent()) {
            SeatTickets.Ticket t = local.get();
            return Optional.of(new Taken(new Here(t.room()), t.room().code(), t.token(), localPath(t)));
        }
        ClusterNode node = cluster.node();
        if (node == null) {
            return Optional.empty();
        }
        try {
            ClusterNode.Seat seat = node.seat(playerId);
            if (seat == null || seat.node().equals(cluster.nodeId())) {
                return Optional.empty();
            }
            RoomInfo room = node.room(seat.roomId());
            if (room == null) {
                return Optional.empty();
            }
            ClusterNode.Liveness alive = node.liveness(room.node());
            if (alive == ClusterNode.Liveness.GONE) {
                node.lost(room);
                return Optional.empty();
            }
            if (alive == ClusterNode.Liveness.DRAINING) {
                return Optional.empty();
            }
            known.put(playerId, room);
            String ticket = manager().signedTicket(room.id(), playerId, nickname);
            return Optional.of(new Taken(new There(room), room.code(), ticket,
                    RoomManager.gamePath(room.path(), room.id(), ticket)));
        } catch (ClusterNode.Unreachable e) {
            return Optional.empty();
        }
    }

    /** The player leaves its room, on whichever node; the room's id, or null if it had none. */
    String leave(String playerId) {
        String roomId = manager().leave(playerId);
        if (roomId == null) {
            ClusterNode.Seat seat = remoteSeat(playerId);
            if (seat != null) {
                cluster.node().sendLeave(seat.node(), playerId);
                roomId = seat.roomId();
            }
            known.remove(playerId);
        }
        return roomId;
    }

    /** The room the player sits or holds a seat in, with the members this node knows of, on any node. */
    Optional<Membership> membership(String playerId) {
        Optional<LocalRoom> room = manager().membership(playerId);
        if (room.isPresent()) {
            Set<String> members = new HashSet<>(room.get().memberIds());
            known.forEach((p, r) -> {
                if (r.id().equals(room.get().id())) {
                    members.add(p);
                }
            });
            return Optional.of(new Membership(room.get().id(), members));
        }
        RoomInfo r = known.get(playerId);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new Membership(r.id(), playersIn(r.id())));
    }

    /** The players this node seats in a room or sent there (the local recipients of its chat). */
    Set<String> playersIn(String roomId) {
        Set<String> out = new HashSet<>();
        manager().find(roomId).filter(LocalRoom.class::isInstance).map(LocalRoom.class::cast)
                .ifPresent(r -> out.addAll(r.memberIds()));
        known.forEach((p, r) -> {
            if (r.id().equals(roomId)) {
                out.add(p);
            }
        });
        return out;
    }

    /** Whether the player sits or holds a seat here, or this lobby sent it to a seat elsewhere (no lookup). */
    boolean seated(String playerId) {
        return manager().membership(playerId).isPresent() || known.containsKey(playerId);
    }

    /** Whether a room is open here or one of this lobby's players sits in it elsewhere (its chat is kept then). */
    boolean exists(String roomId) {
        return manager().find(roomId).isPresent() || known.values().stream().anyMatch(r -> r.id().equals(roomId));
    }

    /** The remote room this lobby last knew a player in, or null. */
    RoomInfo knownRoom(String playerId) {
        return known.get(playerId);
    }

    /** Rooms on other nodes where this lobby's players sit (their chat channels are followed). */
    Set<String> knownRooms() {
        Set<String> out = new HashSet<>();
        known.values().forEach(r -> out.add(r.id()));
        return out;
    }

    /**
     * Keeps what this lobby knows of its players' seats elsewhere up to date: forgets players no longer greeted
     * here, and those whose seat (as read for the presence list) is in another room now.
     */
    void prune(Collection<String> greeted, Map<String, ClusterNode.Seat> read) {
        Set<String> here = new HashSet<>(greeted);
        known.keySet().removeIf(p -> !here.contains(p));
        read.forEach((p, s) -> {
            RoomInfo r = known.get(p);
            if (r != null && !s.roomId().equals(r.id())) {
                known.remove(p);
            }
        });
    }

    /** A room of another node by id: looked up in Redis, or as the digest lists it when Redis is out of reach. */
    private RoomInfo remoteRoom(String roomId) throws RoomException {
        ClusterNode node = cluster.node();
        if (node == null) {
            return null;
        }
        try {
            RoomInfo r = node.room(roomId);
            return r == null || r.node().equals(cluster.nodeId()) ? null : r;
        } catch (ClusterNode.Unreachable e) {
            Digest d = cluster.digest();
            return d.listed().stream().filter(r -> r.id().equals(roomId) && !r.node().equals(cluster.nodeId()))
                    .findFirst().orElse(null);
        }
    }

    /** The player's seat on another node: looked up, or as this lobby knew it when Redis is out of reach. */
    private ClusterNode.Seat remoteSeat(String playerId) {
        ClusterNode node = cluster.node();
        if (node == null) {
            return null;
        }
        try {
            ClusterNode.Seat s = node.seat(playerId);
            return s == null || s.node().equals(cluster.nodeId()) ? null : s;
        } catch (ClusterNode.Unreachable e) {
            RoomInfo r = known.get(playerId);
            return r == null ? null : new ClusterNode.Seat(r.id(), r.node(), false);
        }
    }

    private static RoomException unreachable() {
        return new RoomException(ErrorCode.ROOM_NOT_FOUND, "The shared lobby is out of reach: only this server's"
                + " rooms can be joined now.");
    }

    private static RoomException lost(String node) {
        return new RoomException(ErrorCode.ROOM_LOST, "That room's server (node " + node
                + ") went down, so its match was lost.");
    }

    /** ROOM_LOST for a room whose node went down (cluster mode), else ROOM_NOT_FOUND with the message. */
    private RoomException notFound(String roomIdOrCode, String message) {
        ClusterNode n = cluster.node();
        String node = n == null ? null : n.lostWith(roomIdOrCode);
        return node == null ? new RoomException(ErrorCode.ROOM_NOT_FOUND, message) : lost(node);
    }

    private String localPath(SeatTickets.Ticket t) {
        return RoomManager.gamePath(cluster.nodePath(), t.room().id(), t.token());
    }
}
