package dev.skirmish.engine.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/** Makes the loaded {@link GameSettings} injectable; loaded once per deployment (a record cannot be proxied, hence singleton). */
@ApplicationScoped
public class SettingsProducer {
    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

    @Produces
    @Singleton
    GameSettings settings() {
        GameSettings s = SettingsLoader.load();
        LOG.info(() -> "Skirmish settings: " + s);
        return s;
    }
}
