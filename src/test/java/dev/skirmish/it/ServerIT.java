package dev.skirmish.it;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container tests: the real WAR ({@code target/skirmish.war}) deployed once on the real Payara Micro, and
 * real WebSocket clients. One class, so one deployment: Payara's WebSocket upgrade path occasionally failed
 * after an undeploy and redeploy within the same server (a Tyrus servlet context NPE), which production never
 * does. The scenarios live in the *Scenarios classes; deploy, undeploy and SIGTERM are tested in {@link LifecycleIT}.
 */
@ExtendWith(ArquillianExtension.class)
class ServerIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("skirmish.war")));
    }

    @ArquillianResource
    URL base;

    private ItClients clients;

    @BeforeEach
    void clients() {
        clients = new ItClients(base);
    }

    @AfterEach
    void closeClients() {
        clients.closeAll();
    }

    private GameScenarios game() {
        return new GameScenarios(clients);
    }

    private NetcodeScenarios netcode() {
        return new NetcodeScenarios(clients);
    }

    private LobbyScenarios lobby() {
        return new LobbyScenarios(clients);
    }

    @Test
    void aTeamMatchIsChosenInTheLobbyAndPlaysInTwoTeamsWithPickupsAndTheRail() throws Exception {
        new ArenaDepthScenarios(clients).aTeamMatchIsChosenInTheLobbyAndPlaysInTwoTeamsWithPickupsAndTheRail();
    }

    @Test
    void lightCyclesArePlayedThroughTheLobby() throws Exception {
        new CyclesScenarios(clients).lightCyclesArePlayedThroughTheLobby();
    }

    // foundation: lobby basics, game stream, rates, movement, bad input

    @Test
    void lobbyGreetsListsAndJoins() throws Exception {
        game().lobbyGreetsListsAndJoins();
    }

    @Test
    void fullRoomIsRefusedWithTypedError() throws Exception {
        game().fullRoomIsRefusedWithTypedError();
    }

    @Test
    void snapshotsArriveAtTheConfiguredRate() throws Exception {
        game().snapshotsArriveAtTheConfiguredRate();
    }

    @Test
    void inputMovesThePlayerAndIsAcknowledged() throws Exception {
        game().inputMovesThePlayerAndIsAcknowledged();
    }

    @Test
    void twoPlayersSeeEachOtherAndABadFrameClosesOnlyItsSender() throws Exception {
        game().twoPlayersSeeEachOtherAndABadFrameClosesOnlyItsSender();
    }

    @Test
    void spectatorsWatchWithoutTakingASeat() throws Exception {
        game().spectatorsWatchWithoutTakingASeat();
    }

    @Test
    void badFramesGetTheirDocumentedCloseCodes() throws Exception {
        game().badFramesGetTheirDocumentedCloseCodes();
    }

    // lobby: live list, private rooms, chat, presence, tokens, seat hold, heartbeat

    @Test
    void theRoomListIsPushedLiveFromOpeningToClosing() throws Exception {
        lobby().theRoomListIsPushedLiveFromOpeningToClosing();
    }

    @Test
    void privateRoomsAreHiddenAndJoinedByTheirCode() throws Exception {
        lobby().privateRoomsAreHiddenAndJoinedByTheirCode();
    }

    @Test
    void chatReachesItsChannelWithHistoryAndLimits() throws Exception {
        lobby().chatReachesItsChannelWithHistoryAndLimits();
    }

    @Test
    void roomChatStaysInTheRoomAndComesWithHistory() throws Exception {
        lobby().roomChatStaysInTheRoomAndComesWithHistory();
    }

    @Test
    void presenceFollowsAPlayerFromLobbyToGameAndAway() throws Exception {
        lobby().presenceFollowsAPlayerFromLobbyToGameAndAway();
    }

    @Test
    void aDroppedPlayerResumesWithItsScoreAndEntity() throws Exception {
        lobby().aDroppedPlayerResumesWithItsScoreAndEntity();
    }

    @Test
    void aTamperedTokenIsRefusedAndTheConnectionStaysUsable() throws Exception {
        lobby().aTamperedTokenIsRefusedAndTheConnectionStaysUsable();
    }

    @Test
    void aHeldSeatIsReleasedWhenTheHoldRunsOut() throws Exception {
        lobby().aHeldSeatIsReleasedWhenTheHoldRunsOut();
    }

    @Test
    void aConnectionThatStopsAnsweringPingsIsClosedAndItsSeatHeld() throws Exception {
        lobby().aConnectionThatStopsAnsweringPingsIsClosedAndItsSeatHeld();
    }

    @Test
    void anIdleLobbyConnectionIsClosed() throws Exception {
        lobby().anIdleLobbyConnectionIsClosed();
    }

    // a real browser: two Chromium pages create, join, see each other, chat, and resume after a reload

    @Test
    void twoBrowsersPlayChatAndResume() throws Exception {
        new BrowserScenarios(base).twoBrowsersPlayChatAndResume();
    }

    @Test
    void aTeamMatchWithPickupsAndTheRailInTwoBrowsers() throws Exception {
        new BrowserScenarios(base).aTeamMatchWithPickupsAndTheRailInTwoBrowsers();
    }

    @Test
    void twoBrowsersRideLightCycles() throws Exception {
        new BrowserScenarios(base).twoBrowsersRideLightCycles();
    }

    @Test
    void aPhoneRidesLightCyclesByTouch() throws Exception {
        new BrowserScenarios(base).aPhoneRidesLightCyclesByTouch();
    }

    @Test
    void aPhonePageMovesAndFiresByTouch() throws Exception {
        new BrowserScenarios(base).aPhonePageMovesAndFiresByTouch();
    }

    @Test
    void aPageBehindTheClientSimulatorPredictsAndShowsIt() throws Exception {
        new BrowserScenarios(base).aPageBehindTheClientSimulatorPredictsAndShowsIt();
    }

    @Test
    void aPortraitPhoneSeesAFairViewArrowsPointToEveryoneOffScreenAndTheHudFitsAt800x600() throws Exception {
        new BrowserScenarios(base).aPortraitPhoneSeesAFairViewArrowsPointToEveryoneOffScreenAndTheHudFitsAt800x600();
    }

    @Test
    void anOfflinePageSaysReconnectingAndIsGreyedForTheOther() throws Exception {
        new BrowserScenarios(base).anOfflinePageSaysReconnectingAndIsGreyedForTheOther();
    }

    @Test
    void anEliminatedPlayerWatchesTheKillFromTheKillersView() throws Exception {
        new BrowserScenarios(base).anEliminatedPlayerWatchesTheKillFromTheKillersView();
    }

    @Test
    void aBrowserWatchesAReplayFromTheLobby() throws Exception {
        new BrowserScenarios(base).aBrowserWatchesAReplayFromTheLobby();
    }

    // replays: kept, listed, downloaded, checked offline, streamed with pause, speed and seek, kill replays

    private ReplayScenarios replays() {
        return new ReplayScenarios(base, clients);
    }

    @Test
    void eachGamesMatchesAreKeptListedDownloadedAndCheckedOffline() throws Exception {
        replays().eachGamesMatchesAreKeptListedDownloadedAndCheckedOffline();
    }

    @Test
    void aReplayStreamPlaysPausesChangesSpeedAndSeeks() throws Exception {
        replays().aReplayStreamPlaysPausesChangesSpeedAndSeeks();
    }

    @Test
    void aKillReplayShowsARunningRoomsLastSecondsFromAPlayersView() throws Exception {
        replays().aKillReplayShowsARunningRoomsLastSecondsFromAPlayersView();
    }

    // packaging: the WAR holds the server only; the bots run from their own jar

    @Test
    void theWarHoldsTheServerOnlyAndTheBotsJarRunsASwarm() throws Exception {
        new PackagingScenarios(base).theWarHoldsTheServerOnlyAndTheBotsJarRunsASwarm();
    }

    // operators: health endpoints and the console

    @Test
    void theConsoleNeedsItsSecretAndActs() throws Exception {
        new AdminScenarios(base, clients).theConsoleNeedsItsSecretAndActs();
    }

    // server figures

    @Test
    void prometheusFiguresDescribeARunningGame() throws Exception {
        new MetricsScenarios(clients).prometheusFiguresDescribeARunningGame();
    }

    // bot swarm

    @Test
    void twentyBotsJoinPlayAndReport() throws Exception {
        new SwarmScenarios(base).twentyBotsJoinPlayAndReport();
    }

    @Test
    void eightBotsRideLightCycles() throws Exception {
        new SwarmScenarios(base).eightBotsRideLightCycles();
    }

    // hardening: slow, stuck and hostile clients

    private HardeningScenarios hardening() {
        return new HardeningScenarios(base, clients);
    }

    @Test
    void stuckClientsStayBoundedAndTheOthersKeepTheirRate() throws Exception {
        hardening().stuckClientsStayBoundedAndTheOthersKeepTheirRate();
    }

    @Test
    void anUnmaskedFrameIsTakenAsTheDocumentSays() throws Exception {
        hardening().anUnmaskedFrameIsTakenAsTheDocumentSays();
    }

    @Test
    void limitsRefuseAtTheDoor() throws Exception {
        hardening().limitsRefuseAtTheDoor();
    }

    @Test
    void twoHundredSimultaneousJoinsNeverOverfillARoom() throws Exception {
        hardening().twoHundredSimultaneousJoinsNeverOverfillARoom();
    }

    @Test
    void hostileClientsFuzzWhileHonestBotsPlay() throws Exception {
        new HostileScenarios(base, clients).hostileClientsFuzzWhileHonestBotsPlay();
    }

    // netcode: lag compensation and prediction through the network simulator

    @Test
    void twoClientsAt100MillisecondsHitWhatTheySeeAndPredictWithoutCorrections() throws Exception {
        netcode().twoClientsAt100MillisecondsHitWhatTheySeeAndPredictWithoutCorrections();
    }

    @Test
    void netsimIsRefusedWithAReasonWhenMalformed() throws Exception {
        try (WsClient l = clients.lobby("netsim")) {
            var joined = l.request(ItClients.createRoom("Netsim", 2));
            try (WsClient game = WsClient.connect(clients.ws(joined.getString("gamePath") + "&netsim=sideways:5"))) {
                org.junit.jupiter.api.Assertions.assertEquals(1008, game.awaitClose(5_000));
                org.junit.jupiter.api.Assertions.assertTrue(game.closeReason.startsWith("bad netsim"), game.closeReason);
            }
        }
    }
}
