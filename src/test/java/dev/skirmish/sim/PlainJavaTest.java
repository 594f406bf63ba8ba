package dev.skirmish.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The simulation, protocol and network simulator packages stay plain Java: no Jakarta (or javax) imports, no wall clock. */
class PlainJavaTest {
    private static final Path SRC = Path.of(System.getProperty("skirmish.projectDir", "."), "src/main/java/dev/skirmish");

    @Test
    void simAndProtocolImportNoJakarta() throws IOException {
        for (String pkg : List.of("sim", "protocol", "netsim")) {
            try (Stream<Path> files = Files.walk(SRC.resolve(pkg))) {
                List<Path> javaFiles = files.filter(p -> p.toString().endsWith(".java")).toList();
                assertTrue(javaFiles.size() >= 5, "found the sources of " + pkg);
                for (Path f : javaFiles) {
                    String code = Files.readString(f);
                    assertTrue(!code.contains("import jakarta.") && !code.contains("import javax."),
                            f + " imports Jakarta/javax");
                }
            }
        }
    }

    @Test
    void simUsesNoWallClockAndNoUnseededRandomness() throws IOException {
        try (Stream<Path> files = Files.walk(SRC.resolve("sim"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f);
                for (String banned : List.of("System.currentTimeMillis", "System.nanoTime", "Instant.now",
                        "Math.random", "new Random(", "ThreadLocalRandom", "Thread.sleep")) {
                    assertTrue(!code.contains(banned), f + " uses " + banned);
                }
            }
        }
    }
}
