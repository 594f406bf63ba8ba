package dev.skirmish.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure of docs/architecture.md, checked on the compiled classes (so fully qualified names count as
 * much as imports): the engine knows no game, a game knows only the engine's SPI, the plain-Java packages use
 * nothing of Jakarta, the game cores no wall clock, and the engine's floors only point down.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.skirmish");
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }

    @Test
    void theEngineKnowsNoGameAndNoTool() {
        check(noClasses().that().resideInAPackage("dev.skirmish.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.skirmish.games..", "dev.skirmish.bots..",
                        "dev.skirmish.tools.."));
    }

    @Test
    void aGameUsesOnlyTheEngineSpi() {
        check(classes().that().resideInAPackage("dev.skirmish.games..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.skirmish.games..", "dev.skirmish.engine.spi..",
                        "java.."));
    }

    @Test
    void gamesDoNotKnowEachOther() {
        check(slices().matching("dev.skirmish.games.(*)..").should().notDependOnEachOther());
    }

    @Test
    void plainJavaPackagesUseNoJakarta() {
        check(noClasses().that().resideInAnyPackage("dev.skirmish.engine.spi..", "dev.skirmish.engine.protocol..",
                        "dev.skirmish.engine.netsim..", "dev.skirmish.engine.limits..", "dev.skirmish.engine.metrics..",
                        "dev.skirmish.engine.replay..", "dev.skirmish.games..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.servlet..", "javax.websocket..",
                        "org.glassfish..", "redis.."));
    }

    @Test
    void gameCoresAreDeterministic() {
        check(noClasses().that().resideInAPackage("dev.skirmish.games..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callConstructor(java.util.Random.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ThreadLocalRandom.class)
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class));
    }

    @Test
    void theSpiStandsAlone() {
        check(classes().that().resideInAPackage("dev.skirmish.engine.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.skirmish.engine.spi..", "java.."));
    }

    @Test
    void floorOneImportsNothingAbove() {
        // floor 1 of the engine: plain-Java pieces that import only the SPI (and, for metrics, the Prometheus model)
        check(noClasses().that().resideInAnyPackage("dev.skirmish.engine.protocol..", "dev.skirmish.engine.netsim..",
                        "dev.skirmish.engine.limits..", "dev.skirmish.engine.metrics..", "dev.skirmish.engine.replay..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.skirmish.engine.config..",
                        "dev.skirmish.engine.room..", "dev.skirmish.engine.cluster..", "dev.skirmish.engine.lobby..",
                        "dev.skirmish.engine.web.."));
    }

    @Test
    void configIsFloorTwo() {
        check(noClasses().that().resideInAPackage("dev.skirmish.engine.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.skirmish.engine.room..",
                        "dev.skirmish.engine.cluster..", "dev.skirmish.engine.lobby..", "dev.skirmish.engine.web.."));
    }

    @Test
    void roomIsFloorThree() {
        check(noClasses().that().resideInAPackage("dev.skirmish.engine.room..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.skirmish.engine.cluster..",
                        "dev.skirmish.engine.lobby..", "dev.skirmish.engine.web.."));
    }

    @Test
    void clusterIsBelowLobbyAndWeb() {
        check(noClasses().that().resideInAPackage("dev.skirmish.engine.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.skirmish.engine.lobby..", "dev.skirmish.engine.web.."));
    }

    @Test
    void nothingImportsTheEdge() {
        check(noClasses().that().resideOutsideOfPackage("dev.skirmish.engine.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.skirmish.engine.web.."));
    }
}
