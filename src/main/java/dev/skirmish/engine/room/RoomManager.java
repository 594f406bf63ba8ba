package dev.skirmish.engine.room;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.spi.wire.CloseCodes;
import dev.skirmish.engine.protocol.ErrorCode;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.protocol.RandomIds;
import dev.skirmish.engine.spi.Game;
import dev.skirmish.engine.spi.GameWorld;
import dev.skirmish.engine.spi.InterestArea;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The rooms of one node: creation and closing, seat reservation with join tickets, the players' current
 * seats, and the tick threads that step the rooms. Plain Java; {@code RoomService} adapts it to CDI.
 */
public final class RoomManager {
    private static final Logger LOG = Logger.getLogger(RoomManager.class.getName());
    /** Length of a private room's join code. */
    public static final int CODE_LENGTH = 6;

    /** Where a player sits now. */
    public record Placement(LocalRoom room, Seat seat) {
    }

    private final GameSettings settings;
    private final java.util.concurrent.atomic.AtomicLong spectatorIds = new java.util.concurrent.atomic.AtomicLong();
    /** The games offered, by name; rooms of {@link #defaultGame} when nobody names one. */
    private final Map<String, Games.Offered> games;
    private final String defaultGame;
    private final RoomDirectory directory;
    private final SeatTickets tickets;
    /** Tickets signed with the cluster's secret, which other nodes issue for this node's rooms; null alone. */
    private final SignedTickets signedTickets;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, LocalRoom> memberships = new ConcurrentHashMap<>();
    private final Map<String, LocalRoom> byCode = new ConcurrentHashMap<>();
    private final List<TickLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int quickPlayCounter;
    /** The finished matches this node keeps for replays. */
    private final dev.skirmish.engine.replay.ReplayStore replays;
    /** Plays replays to their viewers, on a thread of its own. */
    private final ReplayTheatre theatre;

    public RoomManager(GameSettings settings, RoomDirectory directory, LongSupplier nanoClock) {
        this(settings, directory, nanoClock, null);
    }

    /**
     * @param signedTickets the cluster's signed tickets, accepted besides this node's own (null for a single node)
     */
    public RoomManager(GameSettings settings, RoomDirectory directory, LongSupplier nanoClock,
                       SignedTickets signedTickets) {
        this(settings, directory, nanoClock, signedTickets, Games.loadAll(settings));
    }

    /** Rooms of the offered games (configured already); the default game is {@code games.default}. */
    public RoomManager(GameSettings settings, RoomDirectory directory, LongSupplier nanoClock,
                       SignedTickets signedTickets, Map<String, Games.Offered> games) {
        this.settings = settings;
        this.signedTickets = signedTickets;
        this.games = Map.copyOf(new java.util.LinkedHashMap<>(games));
        this.defaultGame = games.containsKey(settings.games().defaultGame()) ? settings.games().defaultGame()
                : new java.util.TreeSet<>(games.keySet()).first();
        this.directory = directory;
        this.nanoClock = nanoClock;
        this.tickets = new SeatTickets(settings.rooms().ticketTtlMillis(),
                settings.rooms().maxRooms() * settings.rooms().maxCapacity(), nanoClock);
        GameSettings.Replays r = settings.replays();
        this.replays = new dev.skirmish.engine.replay.ReplayStore(r.keep(), r.storeBytes());
        this.theatre = new ReplayTheatre(settings, r.maxViewers(), nanoClock);
        for (int i = 0; i < settings.server().tickThreads(); i++) {
            loops.add(new TickLoop("skirmish-tick-" + i, settings.sim().rateHz(), settings.server().tickMaxCatchUpTicks(),
                    nanoClock, this::onRoomClosed));
        }
    }

    /** Starts one thread per tick loop. */
    public synchronized void start(ThreadFactory threadFactory) {
        if (!threads.isEmpty()) {
            return;
        }
        for (TickLoop loop : loops) {
            Thread t = threadFactory.newThread(loop);
            t.setName(loop.name());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread t = threadFactory.newThread(theatre);
        t.setName("skirmish-replay-theatre");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stops the tick threads (waiting up to a second each) and closes every room with {@code code}. */
    public synchronized void stop(CloseCodes code, String reason) {
        for (TickLoop loop : loops) {
            loop.stop();
        }
        theatre.stop();
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        for (TickLoop loop : loops) {
            loop.closeAllRooms(code, reason);
        }
        theatre.closeAll(code, reason);
        replays.close();
    }

    /** The replays this node keeps. */
    public dev.skirmish.engine.replay.ReplayStore replays() {
        return replays;
    }

    /** The replay streams of this node. */
    public ReplayTheatre theatre() {
        return theatre;
    }

    /**
     * The world a room plays, recorded for replays when its game has them and they are on (a {@link
     * dev.skirmish.engine.replay.RecordingWorld} around {@code world}). A private room's matches are not kept (nor
     * listed): only its kill replays play.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private GameWorld<?> recorded(Games.Offered g, GameWorld<?> world, String roomId, String roomName,
                                  boolean isPrivate) {
        GameSettings.Replays r = settings.replays();
        if (!r.enabled() || !g.game().replays()) {
            return world;
        }
        java.util.Map<String, String> carried = new java.util.TreeMap<>();
        for (String key : dev.skirmish.engine.replay.ReplayCheck.ENGINE_KEYS) {
            carried.put(key, settings.value(key));
        }
        for (String key : g.game().settings().keySet()) {
            carried.put(key, settings.value(key));
        }
        for (String key : g.game().sharedSettings()) {
            carried.put(key, settings.value(key));
        }
        int rate = g.tickRateHz();
        var source = new dev.skirmish.engine.replay.RecordingWorld.Source(g.name(), roomId, roomName, rate,
                g.snapshotRateHz(), carried);
        var limits = new dev.skirmish.engine.replay.RecordingWorld.Limits(5 * rate, (long) r.killSeconds() * rate,
                (long) r.minPlayingSeconds() * rate, (long) r.maxMatchSeconds() * rate, r.maxMatchBytes());
        return new dev.skirmish.engine.replay.RecordingWorld(world, (Game) g.game(), source, limits,
                isPrivate ? (java.util.function.Consumer<dev.skirmish.engine.replay.Replay>) kept -> { }
                        : (java.util.function.Consumer<dev.skirmish.engine.replay.Replay>) replays::offer,
                System::currentTimeMillis, () -> RandomIds.id(8));
    }

    public List<TickLoop> loops() {
        return List.copyOf(loops);
    }

    /** The game rooms get when nobody names one. */
    public Game<?> game() {
        return games.get(defaultGame).game();
    }

    /** The offered game called {@code name}, if any. */
    public Optional<Games.Offered> offered(String name) {
        return Optional.ofNullable(games.get(name));
    }

    /** The game of a room of this node (its inputs' decoder, its handover). */
    public Game<?> gameOf(Room room) {
        Games.Offered g = games.get(room.game());
        if (g == null) {
            throw new IllegalStateException("room " + room.id() + " plays " + room.game() + ", which is not offered");
        }
        return g.game();
    }

    /** The games offered, by name, in the order found. */
    public java.util.List<Games.Offered> games() {
        return games.values().stream().sorted(Comparator.comparing(Games.Offered::name)
                .thenComparing(g -> !g.name().equals(defaultGame))).toList();
    }

    /** The name of the game rooms get when nobody names one ({@code games.default}). */
    public String defaultGame() {
        return defaultGame;
    }

    public Collection<Room> rooms() {
        return directory.rooms();
    }

    public Optional<Room> find(String roomId) {
        return directory.find(roomId);
    }

    /**
     * Whether every tick loop has ticked within {@code maxAgeNanos} of {@code nowNanos} (false before the first
     * tick of any): the readiness and liveness checks.
     */
    public boolean ticking(long nowNanos, long maxAgeNanos) {
        for (TickLoop loop : loops) {
            long last = loop.lastTickNanos();
            if (last == 0 || nowNanos - last > maxAgeNanos) {
                return false;
            }
        }
        return !loops.isEmpty();
    }

    /** Whether any tick loop has ticked yet. */
    public boolean started() {
        return loops.stream().anyMatch(l -> l.lastTickNanos() != 0);
    }

    /** An operator closes a room of this node (everyone in it gets 1001 with the reason); false if none. */
    public boolean closeRoom(String roomId, String reason) {
        Optional<LocalRoom> room = localRoom(roomId);
        room.ifPresent(r -> r.requestClose(reason));
        return room.isPresent();
    }

    /**
     * An operator removes a player from its room on this node: its seat is released and its game stream closed
     * with 1008 and the reason (the browser does not rejoin after 1008). False if it has no seat here.
     */
    public boolean kick(String playerId, String reason) {
        LocalRoom room = memberships.remove(playerId);
        tickets.cancelFor(playerId);
        if (room == null || room.isClosed()) {
            return false;
        }
        room.enqueueLeave(playerId, CloseCodes.POLICY_VIOLATION, reason);
        return true;
    }

    /** The room of this node with this id (not one of another node's the directory lists). */
    private Optional<LocalRoom> localRoom(String roomId) {
        return directory.find(roomId).filter(LocalRoom.class::isInstance).map(LocalRoom.class::cast);
    }

    /**
     * Whether a game stream to {@code roomId} can be opened on this node: an open room of this node, and a public
     * one for a spectator. Checked before the WebSocket upgrade (an HTTP 404 instead of a close right after it).
     */
    public boolean acceptsStream(String roomId, boolean watching) {
        return localRoom(roomId)
                .filter(r -> !r.isClosed() && !(watching && r.isPrivate())).isPresent();
    }

    /** This node's rooms as they tick here. */
    public List<LocalRoom> localRooms() {
        List<LocalRoom> out = new ArrayList<>();
        for (TickLoop loop : loops) {
            out.addAll(loop.rooms());
        }
        return out;
    }

    /**
     * Takes over a room handed over by a stopping node: restores its world exactly, seats its members as held
     * (their streams are on the way), and ticks it from where it stopped.
     *
     * @throws IllegalArgumentException when the saved room cannot be restored here (another map or format)
     * @throws RoomException TOO_MANY_ROOMS when this node is full, already has the room's id or its code
     */
    public LocalRoom adopt(RoomHandover.State s) throws RoomException {
        Games.Offered g = games.get(s.game());
        if (g == null) {
            throw new IllegalArgumentException("room " + s.roomId() + " plays " + s.game() + ", which this node does not offer");
        }
        GameWorld<?> world = recorded(g, g.game().restore(s.world()), s.roomId(), s.name(),
                s.code() != null);
        LocalRoom room = new LocalRoom(s.roomId(), s.name(), s.code(), s.capacity(), g.name(), world, roomConfig(g));
        room.restoreMembers(s.members());
        if (!directory.add(room, settings.rooms().maxRooms())) {
            throw new RoomException(ErrorCode.TOO_MANY_ROOMS, "This server cannot take room " + s.roomId() + ".");
        }
        if (s.code() != null && byCode.putIfAbsent(s.code(), room) != null) {
            directory.remove(room);
            throw new RoomException(ErrorCode.TOO_MANY_ROOMS, "Room code " + s.code() + " is taken here.");
        }
        for (RoomHandover.Member m : s.members()) {
            LocalRoom previous = memberships.put(m.playerId(), room);
            if (previous != null && previous != room) {
                previous.enqueueLeave(m.playerId());
            }
        }
        TickLoop loop = loops.stream().min(Comparator.comparingInt(TickLoop::roomCount)).orElseThrow();
        loop.add(room);
        LOG.info(() -> "room " + s.roomId() + " '" + s.name() + "' adopted with " + s.members().size()
                + " player(s) at tick " + world.tick());
        return room;
    }

    /** Ends a room that a handover froze and moved: its remaining streams are told with 4007. */
    public void closeMoved(LocalRoom room) {
        for (TickLoop loop : loops) {
            loop.closeFrozen(room, CloseCodes.ROOM_MOVED, CloseCodes.ROOM_MOVED.reason());
        }
    }

    private RoomConfig roomConfig(Games.Offered g) {
        return new RoomConfig(g.tickRateHz(), g.snapshotRateHz(), settings.input().maxPerTick(),
                (long) settings.rooms().emptyCloseSeconds() * g.tickRateHz(),
                (long) settings.rooms().seatHoldSeconds() * g.tickRateHz(),
                new InterestArea(settings.rooms().interestViewWidth(), settings.rooms().interestViewHeight(), settings.rooms().interestMargin()),
                settings.rooms().maxSpectators(), g.tickEvery(),
                g.game().inputsAreTicks() ? settings.input().lagTicks(g.tickRateHz()) : 0,
                g.game().inputsAreTicks() ? settings.input().holdTicks(g.tickRateHz()) : 0);
    }

    /** Opens a public room and assigns it to the least busy tick loop. */
    public LocalRoom createRoom(String name, int capacity) throws RoomException {
        return createRoom(name, capacity, false);
    }

    /** Opens a room of the default game, private (joined by code only) or public. */
    public LocalRoom createRoom(String name, int capacity, boolean isPrivate) throws RoomException {
        return createRoom(name, capacity, isPrivate, defaultGame);
    }

    /**
     * Opens a room of {@code game}, private (joined by code only) or public, and assigns it to the least busy tick
     * loop.
     *
     * @throws RoomException UNKNOWN_GAME for a game not offered here, INVALID_CAPACITY beyond the game's rooms
     */
    public LocalRoom createRoom(String name, int capacity, boolean isPrivate, String game) throws RoomException {
        Games.Offered g = games.get(game);
        if (g == null) {
            throw new RoomException(ErrorCode.UNKNOWN_GAME, "This server offers no game called '" + game + "' ("
                    + String.join(", ", games.keySet()) + ").");
        }
        if (capacity > g.maxPlayers()) {
            throw new RoomException(ErrorCode.INVALID_CAPACITY, "A room of " + game + " takes at most "
                    + g.maxPlayers() + " players.");
        }
        long seed = settings.sim().seed() != 0 ? settings.sim().seed() : random.nextLong();
        String id = RandomIds.id(8);
        String code = isPrivate ? RandomIds.code(CODE_LENGTH) : null;
        GameWorld<?> world = recorded(g, g.game().newWorld(seed), id, name, code != null);
        LocalRoom room = new LocalRoom(id, name, code, capacity, g.name(), world, roomConfig(g));
        if (!directory.add(room, settings.rooms().maxRooms())) {
            throw new RoomException(ErrorCode.TOO_MANY_ROOMS,
                    "This server already runs " + settings.rooms().maxRooms() + " rooms; join one of them.");
        }
        if (code != null && byCode.putIfAbsent(code, room) != null) {
            directory.remove(room);
            throw new RoomException(ErrorCode.TOO_MANY_ROOMS, "Could not allocate a room code; try again.");
        }
        TickLoop loop = loops.stream().min(Comparator.comparingInt(TickLoop::roomCount)).orElseThrow();
        loop.add(room);
        LOG.info(() -> "room " + id + " '" + name + "' opened, capacity " + capacity + ", seed " + seed);
        return room;
    }

    /** The public room with the most players that still has a seat, or a new one. */
    public Room quickPlayRoom() throws RoomException {
        return quickPlayRoom(defaultGame);
    }

    /** The open public room of {@code game} with the most players that has a seat free, if any (quick play's pick). */
    public Optional<Room> fullestOpenRoom(String game) {
        return directory.rooms().stream()
                .filter(r -> !r.isClosed() && !r.isPrivate() && r.seatsTaken() < r.capacity() && r.game().equals(game))
                .max(Comparator.comparingInt(Room::seatsTaken).thenComparing(Room::id));
    }

    /** The open public room of {@code game} with the most players that has a seat free, or a new one. */
    public Room quickPlayRoom(String game) throws RoomException {
        Optional<Room> best = fullestOpenRoom(game);
        if (best.isPresent()) {
            return best.get();
        }
        int n;
        synchronized (this) {
            n = ++quickPlayCounter;
        }
        Games.Offered g = games.get(game);
        int capacity = g == null ? settings.rooms().capacity() : Math.min(settings.rooms().capacity(), g.maxPlayers());
        String title = game.isEmpty() ? "Room" : Character.toUpperCase(game.charAt(0)) + game.substring(1);
        return createRoom(title + " " + n, capacity, false, game);
    }

    /**
     * Returns a ticket into {@code room}. A player who already sits or holds a seat there gets a ticket back to
     * that seat (a resume: nothing new is reserved); any other player leaves its current room and reserves a
     * free seat.
     *
     * @throws RoomException ROOM_FULL when no seat is free
     */
    public SeatTickets.Ticket reserve(Room room, String playerId, String nickname) throws RoomException {
        Optional<LocalRoom> current = membership(playerId);
        if (current.isPresent() && current.get() == room) {
            tickets.cancelFor(playerId);
            SeatTickets.Ticket t = tickets.issue(room, playerId, nickname, false);
            if (t == null) {
                throw new RoomException(ErrorCode.ROOM_FULL, "Too many players are joining at once; try again.");
            }
            return t;
        }
        leave(playerId);
        if (!room.tryReserveSeat(playerId)) {
            throw new RoomException(ErrorCode.ROOM_FULL,
                    "Room " + room.id() + " is full (" + room.capacity() + " players).");
        }
        SeatTickets.Ticket t = tickets.issue(room, playerId, nickname, true);
        if (t == null) {
            room.releaseTicket(playerId);
            throw new RoomException(ErrorCode.ROOM_FULL, "Too many players are joining at once; try again.");
        }
        return t;
    }

    /** A ticket back to the seat the player holds or sits in, if any (for a reconnecting player). */
    public Optional<SeatTickets.Ticket> resumeTicket(String playerId, String nickname) {
        Optional<LocalRoom> room = membership(playerId);
        if (room.isEmpty()) {
            return Optional.empty();
        }
        tickets.cancelFor(playerId);
        return Optional.ofNullable(tickets.issue(room.get(), playerId, nickname, false));
    }

    /** The room in which the player sits or holds a seat, if any. */
    public Optional<LocalRoom> membership(String playerId) {
        LocalRoom r = memberships.get(playerId);
        if (r == null) {
            return Optional.empty();
        }
        if (r.isClosed() || !r.hasMember(playerId)) {
            // a stale entry (the seat was released): forget it, unless the player joined that room meanwhile
            if (memberships.remove(playerId, r) && !r.isClosed() && r.hasMember(playerId)) {
                memberships.putIfAbsent(playerId, r);
                return Optional.of(r);
            }
            return Optional.empty();
        }
        return Optional.of(r);
    }

    /**
     * Claims a ticket for a new game stream and queues the player's entry into the world (or its return to its
     * held seat).
     *
     * @throws ProtocolException 4001 for an unknown room, 4000 for a bad ticket
     */
    public Placement claim(String roomId, String token, GameConnection connection) throws ProtocolException {
        LocalRoom room = localRoom(roomId)
                .orElseThrow(() -> new ProtocolException(CloseCodes.ROOM_NOT_FOUND, "room " + roomId + " not found"));
        SeatTickets.Ticket t = tickets.claim(roomId, token);
        if (t == null) {
            t = claimSigned(room, token);
        } else if (!t.reserved() && !room.holdsSeat(t.playerId()) && !room.tryReserveSeat(t.playerId())) {
            // a ticket back to a seat whose hold ran out meanwhile, and the room filled: no seat to come back to
            throw new ProtocolException(CloseCodes.ROOM_FULL, "room " + room.id() + " is full");
        }
        Seat seat = new Seat(t.playerId(), t.nickname(), connection,
                new InputQueue<>(settings.input().queueCapacity(), settings.input().maxRatePerSecond(),
                        settings.input().burst(), settings.input().maxRejectedPerSecond(), nanoClock));
        // the room knows the member before the map points to it: a concurrent membership() that found the map
        // entry but not the member would drop the entry for good (the player's lobby then looked idle: 4004)
        room.enqueueJoin(seat);
        LocalRoom previous = memberships.put(t.playerId(), room);
        if (previous != null && previous != room) {
            previous.enqueueLeave(t.playerId());
        }
        return new Placement(room, seat);
    }

    /**
     * A ticket signed by a node of the cluster (this one included): a player who already sits or holds a seat in
     * the room takes it back; any other reserves a free seat now.
     *
     * @throws ProtocolException 4000 for a ticket that is not valid here, 4006 when the room is full
     */
    private SeatTickets.Ticket claimSigned(LocalRoom room, String token) throws ProtocolException {
        SignedTickets.Claims c = signedTickets == null || !SignedTickets.looksSigned(token) ? null
                : signedTickets.take(room.id(), token);
        if (c == null) {
            throw new ProtocolException(CloseCodes.BAD_TICKET, "ticket unknown, used or expired");
        }
        boolean member = room.hasMember(c.playerId());
        if (!member) {
            leave(c.playerId());
            if (!room.tryReserveSeat(c.playerId())) {
                throw new ProtocolException(CloseCodes.ROOM_FULL, "room " + room.id() + " is full");
            }
        }
        return new SeatTickets.Ticket(token, room, c.playerId(), c.nickname(), 0, !member);
    }

    /**
     * A ticket into a room of this node that any node of the cluster accepts (null for a single node): for a
     * player whose lobby connection is on another node, or who moves with a handed-over room.
     */
    public String signedTicket(String roomId, String playerId, String nickname) {
        return signedTickets == null ? null : signedTickets.issue(roomId, playerId, nickname);
    }

    /**
     * The game path of a room (what {@code joined}, a welcome's {@code resume} and MOVED carry): relative to the
     * page, after the path of the node that runs the room ({@code cluster.nodePath}, empty for a single node).
     */
    public static String gamePath(String nodePath, String roomId, String ticket) {
        return nodePath + "ws/game/" + roomId + "?ticket=" + ticket;
    }

    /**
     * A spectator's stream opened for a public room of this node: it takes one of the room's spectator places
     * (no seat) and is welcomed on the next tick.
     *
     * @throws ProtocolException 4001 when there is no such public room here, 4006 when its spectator places are
     *                           all taken ({@code room.maxSpectators})
     */
    public Placement watch(String roomId, GameConnection connection) throws ProtocolException {
        LocalRoom room = localRoom(roomId)
                .filter(r -> !r.isPrivate() && !r.isClosed())
                .orElseThrow(() -> new ProtocolException(CloseCodes.ROOM_NOT_FOUND, "room " + roomId + " not found"));
        if (!room.tryAddSpectator()) {
            throw new ProtocolException(CloseCodes.ROOM_FULL, room.maxSpectators() == 0
                    ? "room " + roomId + " takes no spectators"
                    : "room " + roomId + " has " + room.maxSpectators() + " spectators already");
        }
        Seat spectator = Seat.spectator("watch-" + spectatorIds.incrementAndGet(), connection);
        room.enqueueWatch(spectator);
        return new Placement(room, spectator);
    }

    /** The path of a public room's spectator stream, like {@link #gamePath} but with {@code ?watch} for a ticket. */
    public static String watchPath(String nodePath, String roomId) {
        return nodePath + "ws/game/" + roomId + "?watch";
    }

    /**
     * The game stream of a seat ended: the room holds the seat for a while (see {@code seat.holdSeconds}); a
     * spectator's place is freed.
     */
    public void disconnected(Placement placement) {
        if (placement.seat().spectator()) {
            placement.room().enqueueUnwatch(placement.seat());
        } else {
            placement.room().enqueueDrop(placement.seat());
        }
    }

    /** The player leaves whatever room it sits, holds a seat or holds a ticket in; returns that room's id or null. */
    public String leave(String playerId) {
        LocalRoom r = memberships.remove(playerId);
        String left = null;
        if (r != null && !r.isClosed()) {
            r.enqueueLeave(playerId);
            left = r.id();
        }
        String cancelled = tickets.cancelFor(playerId);
        return left != null ? left : cancelled;
    }

    /** Releases seats of expired tickets (called periodically). */
    public void sweepTickets() {
        tickets.sweep();
    }

    /** The open private room with this code (any case), if any. */
    public Optional<Room> findByCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        LocalRoom r = byCode.get(code.strip().toUpperCase(java.util.Locale.ROOT));
        return r == null || r.isClosed() ? Optional.empty() : Optional.of(r);
    }

    /** The counters of {@link #roomTotals} of the rooms that have closed, so that totals only grow. */
    private final java.util.concurrent.atomic.AtomicLongArray closedRoomTotals = new java.util.concurrent.atomic.AtomicLongArray(6);

    /**
     * Over every room since the start (any thread): snapshots sent, skipped, their bytes, the full ones, ticks
     * applied with a held input and late input runs.
     */
    public long[] roomTotals() {
        long[] t = new long[6];
        for (int i = 0; i < t.length; i++) {
            t[i] = closedRoomTotals.get(i);
        }
        for (TickLoop loop : loops) {
            for (LocalRoom r : loop.rooms()) {
                t[0] += r.snapshotsSent();
                t[1] += r.snapshotsSkipped();
                t[2] += r.snapshotBytes();
                t[3] += r.fullSnapshots();
                t[4] += r.heldTicks();
                t[5] += r.lateRuns();
            }
        }
        return t;
    }

    private void onRoomClosed(LocalRoom room) {
        closedRoomTotals.addAndGet(0, room.snapshotsSent());
        closedRoomTotals.addAndGet(1, room.snapshotsSkipped());
        closedRoomTotals.addAndGet(2, room.snapshotBytes());
        closedRoomTotals.addAndGet(3, room.fullSnapshots());
        closedRoomTotals.addAndGet(4, room.heldTicks());
        closedRoomTotals.addAndGet(5, room.lateRuns());
        directory.remove(room);
        if (room.code() != null) {
            byCode.remove(room.code(), room);
        }
        memberships.values().removeIf(r -> r == room);
        LOG.info(() -> "room " + room.id() + " closed");
    }

}
