package dev.skirmish.games.cycles.sim;

import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.SeededRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one light-cycle room: a grid of cells, the cycles on it and the round they ride. Not thread-safe:
 * the room's tick thread calls its mutators. Each {@link #step} advances one tick:
 * <ol>
 *   <li>the round's life cycle: waiting (one player: free play), line-up and countdown, riding, results;</li>
 *   <li>each riding cycle takes its oldest waiting turn, then every cycle moves one cell at once;</li>
 *   <li>a cycle that would enter a wall, a trail or the cell another cycle enters this tick crashes; a crash into
 *       another cycle's trail is a cut for that cycle;</li>
 *   <li>the round ends when at most one cycle still rides (it wins), or at its time limit (a draw).</li>
 * </ol>
 * Deterministic: the same seed and calls give the same track (the line-up order is the only draw).
 */
public final class Track {
    /** Cycle ids are 1..MAX_CYCLE_ID. */
    public static final int MAX_CYCLE_ID = 255;
    /** Events kept between two {@link #drainEvents()} calls; further ones are dropped. */
    public static final int MAX_PENDING_EVENTS = 1024;

    final TrackRules rules;
    final SeededRandom random;
    final TreeMap<Integer, Cycle> cycles = new TreeMap<>();
    /** The owner of each cell's trail (0: free), row by row. */
    final int[] cells;
    final List<TrackEvent> events = new ArrayList<>();
    long tick;
    MatchPhase phase = MatchPhase.WAITING;
    long phaseEndTick;
    int round;
    int scoreVersion;

    public Track(TrackRules rules, long seed) {
        this(rules, new SeededRandom(seed));
    }

    Track(TrackRules rules, SeededRandom random) {
        this.rules = rules;
        this.random = random;
        this.cells = new int[rules.width() * rules.height()];
    }

    public TrackRules rules() {
        return rules;
    }

    public long tick() {
        return tick;
    }

    public MatchPhase phase() {
        return phase;
    }

    /** The tick the phase ends at, 0 while waiting. */
    public long phaseEndTick() {
        return phase == MatchPhase.WAITING ? 0 : phaseEndTick;
    }

    public int round() {
        return round;
    }

    /** Changes whenever a score may have changed (a cut, a win, a new round). */
    public int scoreVersion() {
        return scoreVersion;
    }

    /** The cycles in id order. */
    public Collection<Cycle> cycles() {
        return Collections.unmodifiableCollection(cycles.values());
    }

    public Cycle cycle(int id) {
        return cycles.get(id);
    }

    /** The trail owner of cell (x, y), 0 when free; -1 outside the track. */
    public int cell(int x, int y) {
        if (x < 0 || y < 0 || x >= rules.width() || y >= rules.height()) {
            return -1;
        }
        return cells[y * rules.width() + x];
    }

    /**
     * A rider arrives; returns its cycle id. While waiting it rides at once (free play); during a line-up it joins
     * it; during a round it waits for the next one.
     *
     * @throws IllegalStateException when all {@link #MAX_CYCLE_ID} ids are taken
     */
    public int addRider(String name) {
        int id = 1;
        while (cycles.containsKey(id)) {
            id++;
        }
        if (id > MAX_CYCLE_ID) {
            throw new IllegalStateException("the track is full");
        }
        Cycle c = new Cycle(id, name);
        cycles.put(id, c);
        if (phase == MatchPhase.WAITING || phase == MatchPhase.COUNTDOWN) {
            place(c, freeSlot());
            c.riding = true;
            c.alive = true;
        } else {
            c.riding = false;
            c.alive = false;
            c.startTrail(0, 0, Cycle.EAST);
        }
        return id;
    }

    /** A rider leaves: its cycle and its trail go. Unknown ids are ignored. */
    public void removeRider(int id) {
        Cycle c = cycles.remove(id);
        if (c != null) {
            clearTrail(c);
        }
    }

    /** A rider's connection dropped (held) or came back: the cycle rides on straight meanwhile. */
    public void setConnected(int id, boolean connected) {
        Cycle c = cycles.get(id);
        if (c != null && c.held == connected) {
            c.held = !connected;
            emit(new TrackEvent.Connection(id, connected));
        }
    }

    /** Returns and clears the events since the last call. */
    public List<TrackEvent> drainEvents() {
        if (events.isEmpty()) {
            return List.of();
        }
        List<TrackEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    /**
     * Advances one tick.
     *
     * @param steers each rider's inputs for this tick, oldest first; turns queue on the cycle, one is taken a tick
     */
    public void step(Map<Integer, ? extends List<Steer>> steers) {
        tick++;
        for (Map.Entry<Integer, ? extends List<Steer>> e : steers.entrySet()) {
            Cycle c = cycles.get(e.getKey());
            if (c != null) {
                for (Steer s : e.getValue()) {
                    if (s.turn() != 0) {
                        c.queueTurn(s.turn());
                    }
                }
            }
        }
        advancePhase();
        if (phase == MatchPhase.PLAYING || phase == MatchPhase.WAITING) {
            move();
        }
        if (phase == MatchPhase.WAITING) {
            respawnDue();
        } else if (phase == MatchPhase.PLAYING) {
            checkRoundEnd();
        }
    }

    /**
     * A round starts with two riders whose connection is up, and goes on while two cycles are on the track (a
     * dropped rider's cycle rides on straight).
     */
    private void advancePhase() {
        boolean enough = cycles.size() >= 2;
        switch (phase) {
            case WAITING -> {
                if (connected() >= 2) {
                    lineUp();
                }
            }
            case COUNTDOWN -> {
                if (!enough) {
                    freePlay();
                } else if (tick >= phaseEndTick) {
                    round++;
                    phase = MatchPhase.PLAYING;
                    phaseEndTick = tick + rules.roundTicks();
                    emit(new TrackEvent.Round(MatchPhase.PLAYING, round, 0));
                }
            }
            case PLAYING -> {
                if (!enough) {
                    freePlay();
                }
            }
            case RESULTS -> {
                if (tick >= phaseEndTick) {
                    if (connected() >= 2) {
                        lineUp();
                    } else {
                        freePlay();
                    }
                }
            }
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private int connected() {
        int n = 0;
        for (Cycle c : cycles.values()) {
            if (!c.held) {
                n++;
            }
        }
        return n;
    }

    /** Every rider not held goes to a start slot, trails cleared; the countdown runs. */
    private void lineUp() {
        java.util.Arrays.fill(cells, 0);
        List<Cycle> riders = new ArrayList<>();
        for (Cycle c : cycles.values()) {
            c.riding = !c.held;
            c.alive = c.riding;
            if (c.riding) {
                riders.add(c);
            } else {
                c.startTrail(0, 0, Cycle.EAST);
            }
        }
        int[] order = slotOrder();
        for (int i = 0; i < riders.size(); i++) {
            place(riders.get(i), i < order.length ? order[i] : freeSlot());
        }
        phase = MatchPhase.COUNTDOWN;
        phaseEndTick = tick + rules.countdownTicks();
        scoreVersion++;
        emit(new TrackEvent.Round(MatchPhase.COUNTDOWN, round + 1, 0));
    }

    /** Back to one rider: everybody rides at once, crashes respawn. */
    private void freePlay() {
        phase = MatchPhase.WAITING;
        phaseEndTick = 0;
        for (Cycle c : cycles.values()) {
            if (!c.riding || !c.alive) {
                clearTrail(c);
                place(c, freeSlot());
                c.riding = true;
                c.alive = true;
            }
        }
        scoreVersion++;
        emit(new TrackEvent.Round(MatchPhase.WAITING, round, 0));
    }

    /** The start slots in a seeded order. */
    private int[] slotOrder() {
        int[] order = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            order[i] = i;
        }
        for (int i = SLOTS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static final int SLOTS = 8;

    /** Start slot {@code s}: four in the middle of the sides facing in, four near the corners riding along. */
    private int[] slot(int s) {
        int w = rules.width();
        int h = rules.height();
        int m = Math.max(3, Math.min(w, h) / 8);
        return switch (s % SLOTS) {
            case 0 -> new int[]{m, h / 2, Cycle.EAST};
            case 1 -> new int[]{w - 1 - m, h / 2 - 1, Cycle.WEST};
            case 2 -> new int[]{w / 2 - 1, m, Cycle.SOUTH};
            case 3 -> new int[]{w / 2, h - 1 - m, Cycle.NORTH};
            case 4 -> new int[]{m, m, Cycle.EAST};
            case 5 -> new int[]{w - 1 - m, h - 1 - m, Cycle.WEST};
            case 6 -> new int[]{w - 1 - m, m, Cycle.SOUTH};
            default -> new int[]{m, h - 1 - m, Cycle.NORTH};
        };
    }

    /** A slot whose start cell is free (the first such, from a seeded start), or a random free cell. */
    private int freeSlot() {
        int first = random.nextInt(SLOTS);
        for (int k = 0; k < SLOTS; k++) {
            int s = (first + k) % SLOTS;
            int[] p = slot(s);
            if (cell(p[0], p[1]) == 0 && !headAt(p[0], p[1])) {
                return s;
            }
        }
        return first;
    }

    private boolean headAt(int x, int y) {
        for (Cycle c : cycles.values()) {
            if (c.alive && c.x == x && c.y == y) {
                return true;
            }
        }
        return false;
    }

    private void place(Cycle c, int slot) {
        int[] p = slot(slot);
        clearTrail(c);
        c.startTrail(p[0], p[1], p[2]);
        if (cell(p[0], p[1]) == 0) {
            cells[p[1] * rules.width() + p[0]] = c.id();
        }
    }

    private void move() {
        int n = 0;
        int[] nx = new int[cycles.size()];
        int[] ny = new int[cycles.size()];
        Cycle[] movers = new Cycle[cycles.size()];
        for (Cycle c : cycles.values()) {
            if (!c.alive || !c.riding) {
                continue;
            }
            int turn = c.takeTurn();
            if (turn != 0) {
                c.addCorner();
                c.dir = Math.floorMod(c.dir + turn, 4);
            }
            movers[n] = c;
            nx[n] = c.x + Cycle.DX[c.dir];
            ny[n] = c.y + Cycle.DY[c.dir];
            n++;
        }
        boolean[] crashed = new boolean[n];
        int[] by = new int[n];
        for (int i = 0; i < n; i++) {
            int owner = cell(nx[i], ny[i]);
            if (owner != 0) {
                crashed[i] = true;
                by[i] = owner > 0 && owner != movers[i].id() ? owner : 0;
            }
            for (int j = 0; j < n; j++) {
                if (j != i && nx[j] == nx[i] && ny[j] == ny[i]) {
                    crashed[i] = true; // head on: both
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Cycle c = movers[i];
            if (crashed[i]) {
                c.alive = false;
                c.respawnTick = tick + rules.respawnTicks();
                emit(new TrackEvent.Crash(c.id(), by[i], c.x, c.y));
                Cycle cutter = by[i] > 0 ? cycles.get(by[i]) : null;
                if (cutter != null && phase == MatchPhase.PLAYING) {
                    cutter.cuts++;
                    scoreVersion++;
                }
            } else {
                c.x = nx[i];
                c.y = ny[i];
                cells[c.y * rules.width() + c.x] = c.id();
            }
        }
    }

    private void respawnDue() {
        for (Cycle c : cycles.values()) {
            if (!c.alive && tick >= c.respawnTick) {
                clearTrail(c);
                place(c, freeSlot());
                c.riding = true;
                c.alive = true;
            }
        }
    }

    private void checkRoundEnd() {
        Cycle last = null;
        int alive = 0;
        for (Cycle c : cycles.values()) {
            if (c.riding && c.alive) {
                alive++;
                last = c;
            }
        }
        boolean timeUp = tick >= phaseEndTick;
        if (alive <= 1 || timeUp) {
            int winner = 0;
            if (alive == 1 && !timeUp) {
                winner = last.id();
                last.wins++;
                scoreVersion++;
            }
            phase = MatchPhase.RESULTS;
            phaseEndTick = tick + rules.resultsTicks();
            emit(new TrackEvent.Round(MatchPhase.RESULTS, round, winner));
        }
    }

    /** Frees the cells of a cycle's trail. */
    private void clearTrail(Cycle c) {
        forEachTrailCell(c, (x, y) -> {
            int i = y * rules.width() + x;
            if (cells[i] == c.id()) {
                cells[i] = 0;
            }
        });
    }

    /** Marks the cells of a cycle's trail (a restored track). */
    void markTrail(Cycle c) {
        forEachTrailCell(c, (x, y) -> cells[y * rules.width() + x] = c.id());
    }

    interface CellVisitor {
        void visit(int x, int y);
    }

    /** Every cell of a cycle's trail: from its start through its turn points to its head. */
    void forEachTrailCell(Cycle c, CellVisitor v) {
        if (!c.riding) {
            return;
        }
        int px = c.startX;
        int py = c.startY;
        for (int i = 0; i <= c.cornerCount; i++) {
            int qx = i < c.cornerCount ? c.corners[i] & 0xFF : c.x;
            int qy = i < c.cornerCount ? c.corners[i] >>> 8 : c.y;
            int dx = Integer.signum(qx - px);
            int dy = Integer.signum(qy - py);
            int x = px;
            int y = py;
            while (true) {
                if (x >= 0 && y >= 0 && x < rules.width() && y < rules.height()) {
                    v.visit(x, y);
                }
                if (x == qx && y == qy) {
                    break;
                }
                x += dx;
                y += dy;
            }
            px = qx;
            py = qy;
        }
    }

    private void emit(TrackEvent e) {
        if (events.size() < MAX_PENDING_EVENTS) {
            events.add(e);
        }
    }
}
