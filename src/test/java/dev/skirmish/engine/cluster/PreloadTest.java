package dev.skirmish.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The graceful stop's classes are loaded at start from the list the build writes (tools.ClassList in
 * process-classes), not from a hand-kept one: the list names every compiled engine class and all of them load.
 */
class PreloadTest {
    @Test
    void everyCompiledEngineClassIsListedAndLoads() throws Exception {
        Path classes = Path.of(Handover.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        long compiled;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/skirmish/engine"))) {
            compiled = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("package-info.class")).count();
        }
        assertTrue(compiled > 150, "the engine has " + compiled + " classes");
        assertEquals(compiled, Handover.preloadEngineClasses(), "preload.txt lists every engine class");
    }
}
