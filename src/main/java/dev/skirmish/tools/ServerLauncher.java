package dev.skirmish.tools;

import dev.skirmish.engine.config.GameSettings;
import dev.skirmish.engine.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the WAR on Payara Micro at context root {@code /}, single node (no Hazelcast), on the port from the
 * settings. Used by {@code mvn -Prun package}. Settings come from the config file, {@code SKIRMISH_*}
 * environment variables and {@code -Dskirmish.*} system properties; the last two are passed on to the server.
 *
 * <pre>java dev.skirmish.tools.ServerLauncher --micro-jar payara-micro.jar --war skirmish.war --config FILE</pre>
 */
public final class ServerLauncher {
    private ServerLauncher() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path microJar = null;
        Path war = null;
        Path config = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--micro-jar" -> microJar = Path.of(args[i + 1]);
                case "--war" -> war = Path.of(args[i + 1]);
                case "--config" -> config = Path.of(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (microJar == null || war == null) {
            usage("--micro-jar and --war are required");
            return;
        }
        require(microJar);
        require(war);
        Properties system = new Properties();
        system.putAll(System.getProperties());
        if (config != null && system.getProperty("skirmish.config") == null
                && System.getenv("SKIRMISH_CONFIG") == null) {
            require(config);
            system.setProperty("skirmish.config", config.toAbsolutePath().toString());
        }
        GameSettings settings;
        try {
            settings = SettingsLoader.load(System.getenv(), system);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("skirmish: bad settings: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<String> jvmOptions = new ArrayList<>();
        for (Map.Entry<Object, Object> e : system.entrySet()) {
            String key = e.getKey().toString();
            if (key.startsWith("skirmish.")) {
                jvmOptions.add("-D" + key + "=" + e.getValue());
            }
        }
        List<String> cmd = dev.skirmish.bots.LocalServer.payaraCommand(System.getProperty("java.home"), jvmOptions,
                microJar.toAbsolutePath().toString(), war.toAbsolutePath().toString(), settings.server().port());
        System.out.println("skirmish: starting Payara Micro on http://localhost:" + settings.server().port() + "/ (Ctrl-C stops)");
        Process server = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server.isAlive()) {
                server.destroy();
            }
        }));
        int status = server.waitFor();
        System.exit(status);
    }

    private static void require(Path p) {
        if (!Files.isRegularFile(p)) {
            usage("file not found: " + p);
        }
    }

    private static void usage(String problem) {
        System.err.println("skirmish: " + problem);
        System.err.println("usage: ServerLauncher --micro-jar PAYARA_MICRO_JAR --war WAR [--config FILE]");
        System.exit(2);
    }
}
