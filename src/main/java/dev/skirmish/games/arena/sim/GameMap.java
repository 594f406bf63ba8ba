package dev.skirmish.games.arena.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * An arena: its size, walls and spawn points, parsed from the plain-text map format.
 *
 * <p>Format, one directive per line, {@code #} starts a comment:
 * <pre>
 * name Arena
 * size 3000 3000
 * wall X Y W H
 * spawn X Y
 * pickup X Y health|shield|damage
 * </pre>
 */
public record GameMap(String name, int width, int height, List<Wall> walls, List<SpawnPoint> spawns,
                      List<PickupSpot> pickups) {

    /** Largest map side: positions are sent as unsigned 16-bit fixed point with 4 fractional bits. */
    public static final int MAX_SIDE = 4095;

    /** Most pickups a map has. */
    public static final int MAX_PICKUPS = 64;

    /** A map without pickups. */
    public GameMap(String name, int width, int height, List<Wall> walls, List<SpawnPoint> spawns) {
        this(name, width, height, walls, spawns, List.of());
    }

    public GameMap {
        walls = List.copyOf(walls);
        spawns = List.copyOf(spawns);
        pickups = List.copyOf(pickups);
        if (pickups.size() > MAX_PICKUPS) {
            throw new IllegalArgumentException("map has more than " + MAX_PICKUPS + " pickups");
        }
        if (width < 100 || height < 100 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("map size must be 100.." + MAX_SIDE + " per side");
        }
        if (spawns.isEmpty()) {
            throw new IllegalArgumentException("map needs at least one spawn point");
        }
        if (walls.size() > 1000) {
            throw new IllegalArgumentException("map has more than 1000 walls");
        }
    }

    /** Parses a map file; throws {@link IllegalArgumentException} naming the bad line. */
    public static GameMap parse(String text) {
        String name = "unnamed";
        int width = -1;
        int height = -1;
        List<Wall> walls = new ArrayList<>();
        List<SpawnPoint> spawns = new ArrayList<>();
        List<PickupSpot> pickups = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                switch (f[0]) {
                    case "name" -> name = line.substring(4).strip();
                    case "size" -> {
                        expect(f, 3);
                        width = Integer.parseInt(f[1]);
                        height = Integer.parseInt(f[2]);
                    }
                    case "wall" -> {
                        expect(f, 5);
                        walls.add(new Wall(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                                Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                    }
                    case "spawn" -> {
                        expect(f, 3);
                        spawns.add(new SpawnPoint(Integer.parseInt(f[1]), Integer.parseInt(f[2])));
                    }
                    case "pickup" -> {
                        if (f.length != 4) {
                            throw new IllegalArgumentException("'pickup' takes X Y and health, shield or damage");
                        }
                        pickups.add(new PickupSpot(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                                PickupSpot.Kind.of(f[3])));
                    }
                    default -> throw new IllegalArgumentException("unknown directive '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("map line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new GameMap(name, width, height, walls, spawns, pickups);
    }

    private static void expect(String[] fields, int n) {
        if (fields.length != n) {
            throw new IllegalArgumentException("'" + fields[0] + "' takes " + (n - 1) + " numbers");
        }
    }

    /** Loads {@code maps/NAME.map} from the class path. */
    public static GameMap load(String name) {
        String path = "maps/" + name + ".map";
        try (java.io.InputStream in = GameMap.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("map '" + name + "' not found (" + path + ")");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
