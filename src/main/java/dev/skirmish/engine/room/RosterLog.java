package dev.skirmish.engine.room;

import dev.skirmish.engine.spi.RosterLine;
import dev.skirmish.engine.spi.wire.RosterBlocks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The room's scoreboard with the version at which each line last changed, so that a player is sent only the
 * lines that changed since the version it has (a kill changes two lines, not the whole roster). Removals
 * are remembered for the last {@value #MAX_REMOVALS} departures; a client older than that gets the full
 * roster. Encoded blocks ({@link RosterBlocks}) are cached per client version until the next change. Tick thread
 * only.
 */
final class RosterLog {
    static final int MAX_REMOVALS = 64;

    private record Entry(RosterLine value, int changedAt) {
    }

    private final TreeMap<Integer, Entry> entries = new TreeMap<>();
    private final ArrayDeque<int[]> removals = new ArrayDeque<>(); // {id, version}
    private int forgottenBefore = -1;
    private int version = -1;
    private final Map<Integer, byte[]> cache = new HashMap<>();

    int version() {
        return version;
    }

    /** Records the lines as of {@code newVersion}. */
    void update(int newVersion, Collection<RosterLine> lines) {
        version = newVersion;
        cache.clear();
        Set<Integer> present = new HashSet<>();
        for (RosterLine now : lines) {
            present.add(now.entityId());
            Entry old = entries.get(now.entityId());
            if (old == null || !old.value().equals(now)) {
                entries.put(now.entityId(), new Entry(now, newVersion));
            }
        }
        var it = entries.keySet().iterator();
        while (it.hasNext()) {
            int id = it.next();
            if (!present.contains(id)) {
                it.remove();
                removals.addLast(new int[]{id, newVersion});
                if (removals.size() > MAX_REMOVALS) {
                    forgottenBefore = removals.pollFirst()[1];
                }
            }
        }
    }

    /**
     * The roster block for a client that has {@code clientVersion} (-1: none), or null when it is up to date.
     */
    byte[] encodeFor(int clientVersion) {
        if (clientVersion == version) {
            return null;
        }
        int key = clientVersion < 0 || clientVersion < forgottenBefore ? -1 : clientVersion;
        return cache.computeIfAbsent(key, this::encode);
    }

    private byte[] encode(int base) {
        if (base < 0) {
            List<RosterLine> all = new ArrayList<>(entries.size());
            entries.values().forEach(e -> all.add(e.value()));
            return RosterBlocks.full(version, all);
        }
        List<RosterLine> changed = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.changedAt() > base) {
                changed.add(e.value());
            }
        }
        List<Integer> removed = new ArrayList<>();
        for (int[] r : removals) {
            if (r[1] > base) {
                removed.add(r[0]);
            }
        }
        return RosterBlocks.delta(version, base, changed, removed);
    }
}
