package dev.skirmish.config;

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
 * Reads settings in layers: the defaults embedded in the WAR ({@code dev/skirmish/config/skirmish.properties},
 * a copy of {@code config/skirmish.properties}), then the file named by {@code skirmish.config} /
 * {@code SKIRMISH_CONFIG}, then environment variables {@code SKIRMISH_KEY_IN_SNAKE_CASE}, then system
 * properties {@code skirmish.key}.
 */
public final class SettingsLoader {
    /** Class-path location of the embedded defaults. */
    public static final String DEFAULTS_RESOURCE = "dev/skirmish/config/skirmish.properties";

    private SettingsLoader() {
    }

    /** Loads from the real environment and system properties. */
    public static GameSettings load() {
        return load(System.getenv(), System.getProperties());
    }

    public static GameSettings load(Map<String, String> env, Properties system) {
        return GameSettings.from(resolve(env, system));
    }

    /** The merged key/value pairs, for logging and tests. */
    public static Map<String, String> resolve(Map<String, String> env, Properties system) {
        Map<String, String> values = new TreeMap<>();
        try (InputStream in = SettingsLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("embedded defaults " + DEFAULTS_RESOURCE + " are missing");
            }
            putAll(values, in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read embedded defaults", e);
        }
        String file = system.getProperty("skirmish.config", env.get("SKIRMISH_CONFIG"));
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            try (InputStream in = Files.newInputStream(path)) {
                putAll(values, in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read settings file " + path.toAbsolutePath(), e);
            }
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
