/** DOM heads-up display of the game screen; every server-provided text goes through textContent. */

import { formatClock, sortRoster } from './stats.js';

const FEED_SIZE = 5;
/** The arena's look: kills and deaths, first to the kill limit, a health bar. */
const ARENA_COLUMNS = Object.freeze({ labels: ['Kills', 'Deaths'], values: (p) => [p.kills, p.deaths], sort: sortRoster,
  goal: (limit) => `first to ${limit} kills`, health: true });
const FEED_LIFETIME_MS = 6000;

function el(id) {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing element #${id}`);
  return e;
}

function setText(e, text) {
  if (e.textContent !== text) e.textContent = text;
}

function setHidden(e, hidden) {
  if (e.hidden !== hidden) e.hidden = hidden;
}

export class Hud {
  constructor() {
    this.e = {};
    for (const id of ['stat-ping', 'stat-snaps', 'stat-kbps', 'stat-fps', 'hud-room', 'hud-clock', 'hud-phase',
      'kill-feed', 'health-fill', 'health-text', 'hud-respawn', 'respawn-title', 'respawn-text', 'hud-connecting',
      'connecting-text', 'scoreboard', 'scoreboard-body', 'results', 'results-winner', 'results-body',
      'results-next', 'hud-flash', 'hud-countdown', 'hud-waiting', 'room-code', 'reconnecting',
      'reconnecting-text', 'hud-netsim', 'netsim-text', 'hud-stats', 'hud-spectator', 'spectate-name',
      'spectate-prev', 'spectate-next', 'respawn-killcam', 'shield-fill', 'hud-teams', 'team-1-score',
      'team-2-score']) {
      this.e[id] = el(id);
    }
    this.spectateStep = null; // a spectator's session: switch to the previous (-1) or next (+1) player
    this.e['spectate-prev'].addEventListener('click', () => this.spectateStep?.(-1));
    this.e['spectate-next'].addEventListener('click', () => this.spectateStep?.(1));
    this.killReplayAction = null; // what the respawn notice's kill replay button (or R) does, null when not offered
    this.e['respawn-killcam'].addEventListener('click', () => this.acceptKillReplay());
    this.rosterKey = { scoreboard: '', results: '' };
    this.columns = ARENA_COLUMNS; // a game's score columns (setGameLook)
    this.statsOn = false; // the player's choice (key I)
    this.netsimOn = false; // the debug network simulator runs: its indicator lives in the statistics box
  }

  /** Shows or hides the network statistics box (it also shows while the network simulator runs). */
  setStatsVisible(on) {
    this.statsOn = Boolean(on);
    setHidden(this.e['hud-stats'], !this.statsOn && !this.netsimOn);
  }

  /**
   * A game's look of the HUD: {labels: [two score column titles], values(player) => [two numbers], sort(players),
   * goal(x) => the playing phase's label, health: whether the health bar shows}; null for the arena's.
   */
  setGameLook(look) {
    this.columns = look ?? ARENA_COLUMNS;
    for (const table of [this.e.scoreboard, this.e.results]) {
      const heads = table.querySelectorAll?.('th.num') ?? [];
      heads.forEach((th, i) => { th.textContent = this.columns.labels[i] ?? ''; });
    }
    setHidden(this.e['health-fill'].closest?.('.hud-health') ?? this.e['health-fill'], !this.columns.health);
    this.rosterKey = { scoreboard: '', results: '' };
  }

  /** Back to a blank HUD for a new session. */
  reset(roomName) {
    setText(this.e['hud-room'], roomName ?? '');
    setText(this.e['hud-clock'], '–:––');
    setText(this.e['hud-phase'], '');
    for (const id of ['stat-ping', 'stat-snaps', 'stat-kbps', 'stat-fps']) setText(this.e[id], '–');
    this.e['kill-feed'].replaceChildren();
    this.setSpectating(null);
    this.setTeams(null);
    this.setHealth(1, 1);
    this.setRespawn(null);
    this.setConnecting('Joining room…');
    this.setCountdown(null);
    this.setWaiting(false);
    this.setReconnecting(null);
    this.showScoreboard(null);
    this.showResults(null);
  }

  /** The big centred countdown number (or 'GO!'); null hides it. */
  setCountdown(text) {
    setHidden(this.e['hud-countdown'], text === null);
    if (text !== null) setText(this.e['hud-countdown'], text);
  }

  /** The "Waiting for players" banner. */
  setWaiting(on) {
    setHidden(this.e['hud-waiting'], !on);
  }

  /** A private room's code in the room header, so it can be shared; null hides it. */
  setRoomCode(code) {
    setHidden(this.e['room-code'], !code);
    setText(this.e['room-code'], code ?? '');
  }

  /**
   * The spectator bar: who is watched ({name}, name null: nobody to watch yet), and the buttons that switch,
   * which call onStep(-1 | +1); null hides it (a player's session).
   */
  setSpectating(info, onStep = null) {
    setHidden(this.e['hud-spectator'], info === null);
    if (info === null) return;
    this.spectateStep = onStep;
    setText(this.e['spectate-name'], info.name ? `Watching ${info.name}` : 'Nobody to watch yet');
  }

  /** The reconnecting overlay with a detail line; null hides it. */
  setReconnecting(detail) {
    setHidden(this.e.reconnecting, detail === null);
    this.e.reconnecting.setAttribute('aria-hidden', detail === null ? 'true' : 'false');
    if (detail !== null) setText(this.e['reconnecting-text'], detail);
  }

  /** The indicator of the client-side network simulator ('NETSIM 50±10 ms'); null hides it. */
  setNetsim(label) {
    this.netsimOn = label !== null;
    this.setStatsVisible(this.statsOn);
    setHidden(this.e['hud-netsim'], label === null);
    if (label !== null) setText(this.e['netsim-text'], label);
  }

  setStats({ pingMs, snapshotsPerSecond, kBytesPerSecond, fps }) {
    setText(this.e['stat-ping'], pingMs == null ? '–' : `${Math.round(pingMs)} ms`);
    setText(this.e['stat-snaps'], snapshotsPerSecond.toFixed(0));
    setText(this.e['stat-kbps'], kBytesPerSecond.toFixed(1));
    setText(this.e['stat-fps'], fps.toFixed(0));
  }

  /**
   * phase: 'WAITING'|'COUNTDOWN'|'PLAYING'|'RESULTS'; seconds left in that phase; goal: what ends a match, said
   * while playing (null: the game's columns say it from killLimit).
   */
  setClock(phase, seconds, killLimit, goal = null) {
    setText(this.e['hud-clock'], phase === 'WAITING' ? '–:––' : formatClock(seconds));
    const label = phase === 'RESULTS' ? 'next match'
      : phase === 'WAITING' ? 'waiting for players'
        : phase === 'COUNTDOWN' ? 'match starting'
          : goal ?? this.columns.goal(killLimit);
    setText(this.e['hud-phase'], label);
    this.e['hud-clock'].classList.toggle('urgent', phase === 'PLAYING' && seconds <= 30);
  }

  /**
   * The health bar: health of maxHealth, and what lies beyond it (a shield: the arena's health byte is health plus
   * shield) as a blue segment over the bar's left part, "+N" in the text.
   */
  setHealth(health, maxHealth) {
    const max = maxHealth || 1;
    const ratio = Math.max(0, Math.min(1, health / max));
    const extra = Math.max(0, Math.round(health - max));
    this.e['health-fill'].style.width = `${(ratio * 100).toFixed(1)}%`;
    this.e['health-fill'].dataset.level = ratio > 0.6 ? 'high' : ratio > 0.3 ? 'mid' : 'low';
    this.e['shield-fill'].style.width = `${(Math.min(1, extra / max) * 100).toFixed(1)}%`;
    setText(this.e['health-text'], extra > 0 ? `${Math.round(max)} +${extra}` : String(Math.round(health)));
  }

  /** A team match's score under the clock ([team 1's kills, team 2's], null hides it). */
  setTeams(scores) {
    setHidden(this.e['hud-teams'], scores === null);
    if (scores === null) return;
    setText(this.e['team-1-score'], String(scores[0]));
    setText(this.e['team-2-score'], String(scores[1]));
  }

  /** Shows the connecting notice with text, or hides it for null. */
  setConnecting(text) {
    setHidden(this.e['hud-connecting'], text === null);
    if (text !== null) setText(this.e['connecting-text'], text);
  }

  /** The respawn notice offers a kill replay that runs action (null: not offered). */
  offerKillReplay(action) {
    this.killReplayAction = action;
    setHidden(this.e['respawn-killcam'], !action);
  }

  /** The player asked for the kill replay on offer (button or R); false when none is. */
  acceptKillReplay() {
    const action = this.killReplayAction;
    if (!action || this.e['hud-respawn'].hidden) return false;
    this.offerKillReplay(null);
    action();
    return true;
  }

  /** null hides the notice (and the kill replay on offer); otherwise {title, text}. */
  setRespawn(notice) {
    setHidden(this.e['hud-respawn'], notice === null);
    if (notice === null && this.killReplayAction) this.offerKillReplay(null);
    if (notice) {
      setText(this.e['respawn-title'], notice.title);
      setText(this.e['respawn-text'], notice.text);
    }
  }

  /** Adds a line of text to the feed (joined, left, lost connection, reconnected, match over). */
  addNotice(text) {
    const li = document.createElement('li');
    li.className = 'notice';
    li.textContent = text;
    const feed = this.e['kill-feed'];
    feed.prepend(li);
    while (feed.children.length > FEED_SIZE) feed.lastElementChild.remove();
    setTimeout(() => li.remove(), FEED_LIFETIME_MS);
  }

  /** Adds a kill to the feed; mine marks kills the own player took part in. */
  addKill(killerName, victimName, mine) {
    const li = document.createElement('li');
    li.className = mine ? 'mine' : '';
    const killer = document.createElement('span');
    killer.className = 'who';
    killer.textContent = killerName;
    const icon = document.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-label', 'eliminated');
    const victim = document.createElement('span');
    victim.className = 'who victim';
    victim.textContent = victimName;
    li.append(killer, icon, victim);
    const feed = this.e['kill-feed'];
    feed.prepend(li);
    while (feed.children.length > FEED_SIZE) feed.lastElementChild.remove();
    setTimeout(() => li.remove(), FEED_LIFETIME_MS);
  }

  /** Red vignette when the own player is hit. */
  flash() {
    const f = this.e['hud-flash'];
    f.classList.remove('on');
    void f.offsetWidth; // restart the animation
    f.classList.add('on');
  }

  fillScores(body, players, selfId) {
    const rows = this.columns.sort(players).map((p, i) => {
      const tr = document.createElement('tr');
      if (p.id === selfId) tr.className = 'self';
      if (p.team) tr.dataset.team = String(p.team); // a team match colours the names
      const [a, b] = this.columns.values(p);
      for (const [text, cls] of [[String(i + 1), 'rank'], [p.name, 'name'], [String(a), 'num'], [String(b), 'num']]) {
        const td = document.createElement('td');
        td.className = cls;
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    body.replaceChildren(...rows);
  }

  /** Shows the Tab scoreboard for roster players (null hides it). */
  showScoreboard(players, selfId) {
    setHidden(this.e.scoreboard, players === null);
    if (players === null) {
      this.rosterKey.scoreboard = '';
      return;
    }
    const key = JSON.stringify([players, selfId]);
    if (key === this.rosterKey.scoreboard) return;
    this.rosterKey.scoreboard = key;
    this.fillScores(this.e['scoreboard-body'], players, selfId);
  }

  /** Shows the results overlay ({winnerName, players, selfId, secondsLeft}), null hides it. */
  showResults(results) {
    setHidden(this.e.results, results === null);
    if (results === null) {
      this.rosterKey.results = '';
      return;
    }
    const { winnerName, winnerIsSelf, players, selfId, secondsLeft, headline = null } = results;
    setText(this.e['results-winner'], headline
      ?? (winnerIsSelf ? 'You win!' : winnerName ? `${winnerName} wins` : 'No winner'));
    this.e['results-winner'].classList.toggle('self', Boolean(winnerIsSelf));
    setText(this.e['results-next'], `Next match in ${Math.max(0, Math.ceil(secondsLeft))} s`);
    const key = JSON.stringify([players, selfId]);
    if (key === this.rosterKey.results) return;
    this.rosterKey.results = key;
    this.fillScores(this.e['results-body'], players, selfId);
  }
}
