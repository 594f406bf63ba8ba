/**
 * The page's debug handle, window.skirmish.state: a frozen, plain copy of what the page knows, for automated
 * browser tests and for looking at a running game by hand. It never holds the session token.
 */

const chatView = (log) => log.map((m) => ({ from: m.from.nickname, text: m.text }));

/**
 * The page's state: the lobby side from `app` (main.js), the game side from the session's debugState().
 * @param {object} o
 * @param {object} o.app the page's state (screen, game, chat, presence, reconnects, ...)
 * @param {string|null} o.playerId the lobby's current player id, if greeted
 * @param {{client: string|null, server: string|null}} o.netsim the page's network simulator settings
 * @param {Array<object>} o.presence the sorted presence entries
 */
export function pageState({ app, playerId, netsim, presence }) {
  const game = app.game ? app.game.session.debugState() : null;
  return Object.freeze({
    screen: app.screen,
    playerId: playerId ?? app.playerId,
    selfId: game?.selfId ?? null,
    roomId: game?.roomId ?? null,
    entities: game?.entities ?? [],
    ownPosition: game?.ownPosition ?? null,
    snapshotsReceived: game?.snapshotsReceived ?? 0,
    lastTick: game?.lastTick ?? null,
    roster: game?.roster ?? null,
    prediction: game?.prediction ?? null,
    phase: game?.phase ?? null,
    pingMs: game?.pingMs ?? null,
    interpolationDelayMs: game?.interpolationDelayMs ?? null,
    jitterMs: game?.jitterMs ?? null,
    resyncs: game?.resyncs ?? 0,
    snapshotsRefused: game?.snapshotsRefused ?? 0,
    lastSnapshotError: game?.lastSnapshotError ?? null,
    netsim: game ? game.netsim : netsim.client,
    serverNetsim: netsim.server,
    localProjectiles: game?.localProjectiles ?? 0,
    reconnecting: app.reconnecting,
    reconnects: app.reconnects,
    chat: { lobby: chatView(app.chat.lobby), room: chatView(app.chat.room) },
    presence: presence.map(({ playerId: id, nickname, status, roomId }) => ({ playerId: id, nickname, status, roomId })),
    roomCode: app.game?.code ?? null,
    cluster: app.clusterState ?? null,
    moves: game?.moves ?? 0,
    movePauseMs: game?.movePauseMs ?? null,
    statsVisible: game?.statsVisible ?? null,
    sound: game?.sound ?? null,
    area: game?.area ?? null,
    radarPoints: game?.radarPoints ?? 0,
    arrows: game?.arrows ?? [],
    camera: game?.camera ?? null,
    drawn: game?.drawn ?? [],
    framesDrawn: game?.framesDrawn ?? 0,
    viewSent: game?.viewSent ?? null,
    visibleWorld: game?.visibleWorld ?? null,
    spectator: game?.spectator ?? null, // {following, name} while watching a room, else null
    effects: game?.effects ?? null, // muzzle flashes, death bursts, shakes started; marker text boxes
    game: game ? (app.game?.room?.game ?? game.game ?? 'arena') : null, // the room's game
    mode: game?.mode ?? null, // the arena's match mode: 0 free-for-all, 1 teams
    teamKills: game?.teamKills ?? null, // a team match's [team 1's kills, team 2's]
    pickupsLying: game?.pickupsLying ?? null, // the arena's pickups lying on the map
    health: game?.health ?? null, // the own health byte (health + shield)
    cycles: game?.cycles ?? null, // light cycles: [{id, x, y, dir, flags, turns}]
    turnsSent: game?.turnsSent ?? null,
    fps: game?.fps ?? null,
    session: game, // the session's own debugState(), whatever the game (a team's game shows its state here)
    replays: app.replays?.map((r) => ({ id: r.id, game: r.game, seconds: r.seconds, ending: r.ending })) ?? [],
    // a replay being watched: what its REPLAY frames said last (position and length in ticks)
    replay: app.game?.replayBar ? { ...app.game.replayBar.state } : null,
    killReplay: app.killReplay ?? null, // the last kill replay: {opened, snapshots, ended}
  });
}

/** Defines window.skirmish (not writable, not reconfigurable) whose `state` reads `read()` each time. */
export function installDebugHandle(win, read) {
  const handle = Object.freeze({
    get state() {
      return read();
    },
  });
  Object.defineProperty(win, 'skirmish', { value: handle, writable: false, configurable: false, enumerable: true });
  return handle;
}
