package dev.skirmish.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads settings in layers: the defaults embedded in the WAR ({@code dev/skirmish/engine/config/skirmish.properties},
 * a copy of {@code config/skirmish.properties}), then the file named by {@code skirmish.config} /
 * {@code SKIRMISH_CONFIG}, then environment variables {@code SKIRMISH_KEY_IN_SNAKE_CASE}, then system
 * properties {@code skirmish.key}. A key that the defaults do not have (a typo: {@code room.capacty}) in the file
 * or a system property {@code skirmish....} stops the start with a message naming it and the nearest known key; so
 * does an environment variable {@code SKIRMISH_...} within {@link #ENV_TYPO_DISTANCE} edits of a setting's name,
 * while farther ones (Kubernetes' service variables) are ignored and logged.
 */
public final class SettingsLoader {
    /**
     * System properties and environment variables with the prefix that are not settings: the settings file, and
     * the variables of the launch scripts and the load balancer (docker/node.sh, docker/haproxy.cfg).
     */
    private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("skirmish.config", "skirmish.microArgs",
            "SKIRMISH_CONFIG", "SKIRMISH_MICRO_ARGS", "SKIRMISH_WAR", "SKIRMISH_LB_BIND");

    /**
     * An environment variable {@code SKIRMISH_...} that is not a setting stops the start only if it is this close
     * (edits) to a setting's name, a typo; farther ones are other software's (Kubernetes makes
     * {@code SKIRMISH_SERVICE_HOST}, {@code SKIRMISH_PORT_8080_TCP} and so on for a Service named skirmish) and are
     * ignored with a log line. The settings file and system properties stay strict.
     */
    static final int ENV_TYPO_DISTANCE = 2;

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SettingsLoader.class.getName());

    /** Class-path location of the embedded defaults. */
    public static final String DEFAULTS_RESOURCE = "dev/skirmish/engine/config/skirmish.properties";

    private SettingsLoader() {
    }

    /** Loads from the real environment and system properties. */
    public static GameSettings load() {
        return load(System.getenv(), System.getProperties());
    }

    public static GameSettings load(Map<String, String> env, Properties system) {
        return GameSettings.from(resolve(env, system));
    }

    /** The merged key/value pairs, for logging and tests, with the settings the games on the class path declare. */
    public static Map<String, String> resolve(Map<String, String> env, Properties system) {
        return resolve(env, system, declaredByGames(SettingsLoader.class.getClassLoader()));
    }

    /**
     * The settings each game found by {@link java.util.ServiceLoader} declares ({@code Game.settings()}), by game
     * name.
     */
    public static Map<String, Map<String, String>> declaredByGames(ClassLoader loader) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (dev.skirmish.engine.spi.Game<?> g : java.util.ServiceLoader.load(dev.skirmish.engine.spi.Game.class, loader)) {
            out.put(g.name(), g.settings());
        }
        return out;
    }

    /**
     * The merged key/value pairs: the embedded defaults, then the games' declared keys with their defaults (a key
     * the embedded file already has keeps the file's value), then the settings file, the environment and the system
     * properties, each of which may name only known keys.
     *
     * @throws IllegalArgumentException for an unknown key, or a key two games declare
     */
    public static Map<String, String> resolve(Map<String, String> env, Properties system,
                                              Map<String, Map<String, String>> gameSettings) {
        Map<String, String> values = new TreeMap<>();
        try (InputStream in = SettingsLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("embedded defaults " + DEFAULTS_RESOURCE + " are missing");
            }
            putAll(values, in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded defaults", e);
        }
        Map<String, String> declaredBy = new java.util.HashMap<>();
        for (Map.Entry<String, Map<String, String>> g : gameSettings.entrySet()) {
            for (Map.Entry<String, String> kv : g.getValue().entrySet()) {
                String other = declaredBy.putIfAbsent(kv.getKey(), g.getKey());
                if (other != null) {
                    throw new IllegalArgumentException("games " + other + " and " + g.getKey() + " both declare the setting "
                            + kv.getKey());
                }
                values.putIfAbsent(kv.getKey(), kv.getValue());
            }
        }
        java.util.Set<String> known = java.util.Set.copyOf(values.keySet());
        String file = system.getProperty("skirmish.config", env.get("SKIRMISH_CONFIG"));
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            Map<String, String> fromFile = new TreeMap<>();
            try (InputStream in = Files.newInputStream(path)) {
                putAll(fromFile, in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read settings file " + path.toAbsolutePath(), e);
            }
            for (String key : fromFile.keySet()) {
                requireKnown(key, known, "in " + path);
            }
            values.putAll(fromFile);
        }
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("skirmish.") && !NOT_SETTINGS.contains(name)) {
                requireKnown(name.substring("skirmish.".length()), known, "as system property " + name);
            }
        }
        java.util.Map<String, String> byEnvName = new java.util.HashMap<>();
        known.forEach(k -> byEnvName.put(envName(k), k));
        java.util.Set<String> ignored = new java.util.TreeSet<>();
        for (String name : env.keySet()) {
            if (name.startsWith("SKIRMISH_") && !NOT_SETTINGS.contains(name) && !name.startsWith("SKIRMISH_NODE_")
                    && !byEnvName.containsKey(name)) {
                String nearest = nearest(name, byEnvName.keySet());
                if (editDistance(name, nearest) > ENV_TYPO_DISTANCE) {
                    ignored.add(name); // not a setting: what Kubernetes or a script put there (SKIRMISH_SERVICE_HOST)
                    continue;
                }
                throw new IllegalArgumentException("unknown setting " + name + " in the environment; did you mean "
                        + nearest + " (" + byEnvName.get(nearest) + ")?");
            }
        }
        if (!ignored.isEmpty()) {
            LOG.info(() -> "environment variables that are not settings, ignored: " + String.join(", ", ignored));
        }
        for (String key : values.keySet().toArray(new String[0])) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
            String fromSystem = system.getProperty("skirmish." + key);
            if (fromSystem != null) {
                values.put(key, fromSystem);
            }
        }
        return values;
    }

    private static void requireKnown(String key, java.util.Set<String> known, String where) {
        if (!known.contains(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' " + where + "; did you mean '"
                    + nearest(key, known) + "'? (config/skirmish.properties lists every setting)");
        }
    }

    /** The candidate closest to {@code key} by edit distance (ties: the first in alphabetical order). */
    static String nearest(String key, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new java.util.TreeSet<>(candidates)) {
            int d = editDistance(key.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code sim.rateHz} becomes {@code SKIRMISH_SIM_RATE_HZ}. */
    public static String envName(String key) {
        StringBuilder b = new StringBuilder("SKIRMISH_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                b.append('_');
            } else if (Character.isUpperCase(c)) {
                b.append('_').append(c);
            } else {
                b.append(Character.toUpperCase(c));
            }
        }
        return b.toString();
    }

    private static void putAll(Map<String, String> values, InputStream in) throws IOException {
        Properties p = new Properties();
        try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            values.put(k, p.getProperty(k));
        }
    }
}
