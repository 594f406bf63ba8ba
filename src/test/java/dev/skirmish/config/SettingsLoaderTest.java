package dev.skirmish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @Test
    void defaultsComeFromTheShippedConfigFile() {
        GameSettings s = SettingsLoader.load(Map.of(), new Properties());
        assertEquals(60, s.simRateHz());
        assertEquals(30, s.snapshotRateHz());
        assertEquals(8080, s.port());
        assertEquals("arena", s.mapName());
    }

    @Test
    void fileThenEnvironmentThenSystemPropertiesOverride(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("custom.properties");
        Files.writeString(file, "snapshot.rateHz=40\nroom.capacity=8\nsim.rateHz=50\n");
        Properties sys = new Properties();
        sys.setProperty("skirmish.config", file.toString());
        sys.setProperty("skirmish.room.capacity", "12");
        GameSettings s = SettingsLoader.load(Map.of("SKIRMISH_SNAPSHOT_RATE_HZ", "45", "SKIRMISH_ROOM_CAPACITY", "10"),
                sys);
        assertEquals(50, s.simRateHz());
        assertEquals(45, s.snapshotRateHz());
        assertEquals(12, s.roomCapacity());
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("SKIRMISH_SIM_RATE_HZ", SettingsLoader.envName("sim.rateHz"));
        assertEquals("SKIRMISH_SEND_CONTROL_QUEUE_CAPACITY", SettingsLoader.envName("send.controlQueueCapacity"));
    }

    @Test
    void badValuesNameTheirKey() {
        Properties sys = new Properties();
        sys.setProperty("skirmish.snapshot.rateHz", "20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Map.of(), sys));
        assertTrue(e.getMessage().contains("snapshot.rateHz"), e.getMessage());
        sys.setProperty("skirmish.snapshot.rateHz", "fast");
        e = assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(), sys));
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
        Properties tooFast = new Properties();
        tooFast.setProperty("skirmish.sim.rateHz", "30");
        tooFast.setProperty("skirmish.snapshot.rateHz", "60");
        assertThrows(IllegalArgumentException.class, () -> SettingsLoader.load(Map.of(), tooFast));
    }
}
