package dev.skirmish.engine.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/** Makes the loaded {@link GameSettings} injectable; loaded once per deployment (a record cannot be proxied, hence singleton). */
@ApplicationScoped
public class SettingsProducer {
    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

    /** The exit status of a node that cannot start on its settings (EX_CONFIG of sysexits.h). */
    static final int EXIT_BAD_SETTINGS = 78;

    @Produces
    @Singleton
    GameSettings settings() {
        GameSettings s;
        try {
            s = SettingsLoader.load();
        } catch (RuntimeException e) {
            if (exitOnFailedStart()) {
                // a dedicated node (docker/node.sh): an orchestrator must see a dead process, not a live one whose
                // application failed to deploy (Payara Micro stays up and answers 500)
                String why = "Skirmish cannot start: " + e.getMessage() + "; the process exits with status "
                        + EXIT_BAD_SETTINGS + " (server.exitOnFailedStart)";
                LOG.severe(why);
                System.err.println(why);
                System.err.flush();
                Runtime.getRuntime().halt(EXIT_BAD_SETTINGS);
            }
            throw e;
        }
        LOG.info(() -> "Skirmish settings: " + s);
        return s;
    }

    /**
     * {@code server.exitOnFailedStart}, read from the system property or the environment only (the settings as a
     * whole failed to load): true when the JVM runs nothing but this node.
     */
    static boolean exitOnFailedStart() {
        String v = System.getProperty("skirmish.server.exitOnFailedStart");
        if (v == null) {
            v = System.getenv("SKIRMISH_SERVER_EXIT_ON_FAILED_START");
        }
        return "true".equalsIgnoreCase(v == null ? "" : v.strip());
    }
}
