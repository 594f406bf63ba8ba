/** Lobby screen rendering: the live room table and the online list, updated in place (rows keep identity). */

import { setText, textEl, onlineEntryEl, syncKeyedChildren } from './dom.js';
import { isFull, phaseLabel, canWatch } from './rooms.js';
import { statusText } from './presence.js';
import { gameTitle } from './games/index.js';
import { replayPlayers, formatDuration, endingLabel, agoLabel } from './replays.js';

export class LobbyView {
  /**
   * @param {object} els {roomList, roomsEmpty, onlineList, onlineCount, replayList, replaysEmpty}
   * @param {object} handlers {onJoin(roomId), onWatch(roomId), onReplay(replay), downloadUrl(path)}
   */
  constructor(els, { onJoin, onWatch = () => {}, onReplay = () => {}, downloadUrl = (p) => p }) {
    this.els = els;
    this.onJoin = onJoin;
    this.onWatch = onWatch;
    this.onReplay = onReplay;
    this.downloadUrl = downloadUrl;
    this.replayCache = new Map();
    this.replaysById = new Map();
    this.rowCache = new Map();
    this.onlineCache = new Map();
    this.busy = false;
  }

  createRow(doc, room) {
    const tr = doc.createElement('tr');
    tr.dataset.roomId = room.id;
    const name = textEl(doc, 'td', 'name');
    const map = textEl(doc, 'td', 'muted map');
    const players = textEl(doc, 'td', 'num players');
    const phase = doc.createElement('td');
    const pill = textEl(doc, 'span', 'pill');
    phase.append(pill);
    const action = textEl(doc, 'td', 'action');
    const join = textEl(doc, 'button', 'btn btn-small join', 'Join');
    join.type = 'button';
    join.addEventListener('click', () => this.onJoin(tr.dataset.roomId));
    const watch = textEl(doc, 'button', 'btn btn-small btn-ghost watch', 'Watch');
    watch.type = 'button';
    watch.title = 'Watch this room without taking a seat';
    watch.addEventListener('click', () => this.onWatch(tr.dataset.roomId));
    action.append(join, watch);
    tr.append(name, map, players, phase, action);
    return tr;
  }

  updateRow(tr, room) {
    const [name, map, players, phase, action] = tr.children;
    setText(name, room.name);
    name.title = room.name;
    setText(map, room.map ? `${gameTitle(room.game)} · ${room.map}` : gameTitle(room.game));
    setText(players, `${room.players}/${room.capacity}`);
    const pill = phase.firstElementChild;
    pill.className = `pill pill-${String(room.phase).replace(/[^a-z]/g, '')}`;
    setText(pill, phaseLabel(room.phase));
    const join = action.firstElementChild;
    const full = isFull(room);
    setText(join, full ? 'Full' : 'Join');
    join.dataset.full = full ? '1' : '0';
    join.disabled = this.busy || full;
    const watch = action.children[1];
    watch.hidden = !canWatch(room);
    watch.disabled = this.busy;
    tr.classList.toggle('full', full);
  }

  /** rooms: sorted summaries (see rooms.js). */
  renderRooms(rooms) {
    const body = this.els.roomList;
    const doc = body.ownerDocument;
    this.lastRooms = rooms;
    syncKeyedChildren(body, rooms, {
      key: (r) => r.id, create: (r) => this.createRow(doc, r), update: (tr, r) => this.updateRow(tr, r), cache: this.rowCache,
    });
    this.els.roomsEmpty.hidden = rooms.length > 0;
  }

  createReplayRow(doc) {
    const tr = doc.createElement('tr');
    const players = textEl(doc, 'td', 'players');
    const game = textEl(doc, 'td', 'muted map');
    const length = textEl(doc, 'td', 'num length');
    const ended = textEl(doc, 'td', 'muted ended');
    const action = textEl(doc, 'td', 'action');
    const watch = textEl(doc, 'button', 'btn btn-small watch-replay', 'Watch');
    watch.type = 'button';
    watch.addEventListener('click', () => {
      const r = this.replaysById.get(tr.dataset.replayId);
      if (r) this.onReplay(r);
    });
    const download = textEl(doc, 'a', 'btn btn-small btn-ghost download-replay', 'Download');
    download.setAttribute('download', '');
    action.append(watch, download);
    tr.append(players, game, length, ended, action);
    return tr;
  }

  updateReplayRow(tr, r) {
    const [players, game, length, ended, action] = tr.children;
    tr.dataset.replayId = r.id;
    const who = replayPlayers(r);
    setText(players, who);
    players.title = `${r.room}: ${who}`;
    setText(game, r.map ? `${gameTitle(r.game)} · ${r.map}` : gameTitle(r.game));
    setText(length, formatDuration(r.seconds));
    setText(ended, `${agoLabel(r.endedAt)} · ${endingLabel(r.ending)}`);
    action.firstElementChild.disabled = this.busy;
    action.lastElementChild.href = this.downloadUrl(r.downloadPath);
  }

  /** replays: the server's list, newest first (see replays.js). */
  renderReplays(replays) {
    const body = this.els.replayList;
    if (!body) return;
    const doc = body.ownerDocument;
    this.replaysById = new Map(replays.map((r) => [r.id, r]));
    syncKeyedChildren(body, replays, {
      key: (r) => r.id, create: () => this.createReplayRow(doc), update: (tr, r) => this.updateReplayRow(tr, r),
      cache: this.replayCache,
    });
    this.els.replaysEmpty.hidden = replays.length > 0;
  }

  setBusy(busy) {
    this.busy = busy;
    for (const b of this.els.replayList?.querySelectorAll('button.watch-replay') ?? []) b.disabled = busy;
    for (const b of this.els.roomList.querySelectorAll('button.join')) b.disabled = busy || b.dataset.full === '1';
    for (const b of this.els.roomList.querySelectorAll('button.watch')) b.disabled = busy;
  }

  /** entries: sorted presence entries; total: how many are online (may exceed the entries). */
  renderPresence(entries, total, selfId) {
    const list = this.els.onlineList;
    const doc = list.ownerDocument;
    syncKeyedChildren(list, entries, {
      key: (e) => e.playerId,
      create: (e) => onlineEntryEl(doc, e),
      update: (li, e) => {
        setText(li.querySelector('.online-name'), e.nickname);
        li.querySelector('.online-you').hidden = e.playerId !== selfId;
        setText(li.querySelector('.online-status'), statusText(e));
        li.dataset.status = e.status;
        li.classList.toggle('self', e.playerId === selfId);
      },
      cache: this.onlineCache,
    });
    setText(this.els.onlineCount, String(total));
  }
}
