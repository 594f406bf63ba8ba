/**
 * The operator's console (admin.html) without the page: the API requests and what their answers mean, the
 * state as the views use it, the chart geometry and drawing (given a 2D context), the close-code table and the
 * room/player rows (given a document; every server text goes in through textContent). js/admin.js wires these
 * to the page, the clock and fetch.
 */

import { setText, textEl, elWith, syncKeyedChildren } from './dom.js';
import { PHASE_LABELS } from './rooms.js';

export const SECRET_KEY = 'skirmish.adminSecret';
export const POLL_MS = 2000;
export const CONFIRM_MS = 3000;
/** What the server keeps: one sample every 5 s, 60 of them. */
export const DEFAULT_SAMPLE_SECONDS = 5;
export const HISTORY_SAMPLES = 60;

// ------------------------------------------------------------------ requests

/**
 * Why a secret cannot be sent, or null when it can: fetch refuses header values outside Latin-1 and the server
 * compares UTF-8 bytes, so only printable ASCII (no spaces inside) works.
 */
export function secretProblem(secret) {
  const s = typeof secret === 'string' ? secret.trim() : '';
  if (!s) return 'Enter the console secret.';
  if (!/^[\x21-\x7e]+$/.test(s)) return 'The secret can only hold printable ASCII characters without spaces.';
  return null;
}

/** The request headers that carry the secret. */
export function authHeader(secret) {
  return { Authorization: `Bearer ${String(secret ?? '').trim()}` };
}

function sentence(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  const s = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * What a non-2xx answer means: {kind, message, logout}. kind: 'auth' (401: wrong secret), 'limited' (429: too
 * many wrong secrets), 'off' (404: the server has no secret: the console is off), 'failed' (404 of an action:
 * no such room or player), 'server' (anything else). logout: the page must ask for the secret again.
 */
export function describeFailure(status, body) {
  const error = body && typeof body === 'object' && typeof body.error === 'string' ? body.error : '';
  if (status === 401) {
    return { kind: 'auth', message: 'Wrong secret: the server refused it.', logout: true };
  }
  if (status === 429) {
    return {
      kind: 'limited',
      message: 'Too many wrong secrets: the server refuses every request for up to a minute. Wait, then log in again.',
      logout: true,
    };
  }
  if (status === 404 && /console is off/i.test(error)) {
    return { kind: 'off', message: sentence(error), logout: true };
  }
  if (status === 404) {
    return { kind: 'failed', message: sentence(error || 'not found'), logout: false };
  }
  return { kind: 'server', message: `The server answered ${status}${error ? `: ${error}` : ''}.`, logout: false };
}

/**
 * One API request with the secret: {ok: true, status, data} or {ok: false, status, kind, message, logout}
 * (see describeFailure; kind 'network' when the server cannot be reached, status 0). Never throws.
 */
export async function apiRequest(fetchFn, url, { method = 'GET', secret = '', signal } = {}) {
  let resp;
  try {
    resp = await fetchFn(url, { method, headers: authHeader(secret), cache: 'no-store', signal });
  } catch (e) {
    if (e?.name === 'AbortError') return { ok: false, status: 0, kind: 'aborted', message: 'Cancelled.', logout: false };
    return { ok: false, status: 0, kind: 'network', message: 'Cannot reach the server.', logout: false };
  }
  let body = null;
  try {
    body = await resp.json();
  } catch {
    body = null;
  }
  if (resp.status >= 200 && resp.status < 300) {
    if (body === null || typeof body !== 'object') {
      return { ok: false, status: resp.status, kind: 'server', message: 'The server sent something that is not JSON.', logout: false };
    }
    return { ok: true, status: resp.status, data: body };
  }
  return { ok: false, status: resp.status, ...describeFailure(resp.status, body) };
}

/** The API path of an action, relative to the console page (…/admin): close a room, kick a player, drain. */
export function actionPath(action, arg) {
  switch (action) {
    case 'close': return `admin/api/close?room=${encodeURIComponent(arg)}`;
    case 'kick': return `admin/api/kick?player=${encodeURIComponent(arg)}`;
    case 'drain': return `admin/api/drain?on=${arg ? 'true' : 'false'}`;
    default: throw new Error(`unknown action ${action}`);
  }
}

/**
 * The folder the console's URLs are relative to: the page is /CTX/admin (or /CTX/admin.html), and the API is
 * /CTX/admin/api/...; a page opened as /CTX/admin/ answers with the same page, so this strips that too.
 */
export function consoleBase(href) {
  const url = new URL(href);
  url.pathname = url.pathname.replace(/\/admin(\.html)?\/*$/, '/');
  url.search = '';
  url.hash = '';
  return url.href;
}

// ------------------------------------------------------------------ state

const num = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v) => (v === null || v === undefined ? '' : String(v));

/** The state answer, checked: every field the views read has its type (missing ones are 0, '' or empty). */
export function normalizeState(raw) {
  const s = raw && typeof raw === 'object' ? raw : {};
  const rooms = (Array.isArray(s.rooms) ? s.rooms : []).filter((r) => r && typeof r === 'object' && r.id !== undefined)
    .map((r) => ({
      id: str(r.id),
      name: str(r.name),
      private: r.private === true,
      capacity: num(r.capacity),
      seatsTaken: num(r.seatsTaken),
      spectators: num(r.spectators),
      phase: str(r.phase),
      tick: num(r.tick),
      players: (Array.isArray(r.players) ? r.players : []).filter((p) => p && typeof p === 'object' && p.playerId !== undefined)
        .map((p) => ({ playerId: str(p.playerId), nickname: str(p.nickname), connected: p.connected === true })),
    }));
  const history = (Array.isArray(s.history) ? s.history : []).filter((h) => h && Number.isFinite(h.at))
    .map((h) => ({
      at: h.at, connections: num(h.connections), players: num(h.players), spectators: num(h.spectators),
      rooms: num(h.rooms), tickMeanMs: num(h.tickMeanMs), tickP99Ms: num(h.tickP99Ms), kBytesPerSecond: num(h.kBytesPerSecond),
    }))
    .sort((a, b) => a.at - b.at);
  return {
    draining: s.draining === true,
    stopping: s.stopping === true,
    connections: num(s.connections),
    sampleSeconds: num(s.sampleSeconds, DEFAULT_SAMPLE_SECONDS) || DEFAULT_SAMPLE_SECONDS,
    rooms: sortRoomsForConsole(rooms),
    history,
    recentCloses: s.recentCloses && typeof s.recentCloses === 'object' ? s.recentCloses : {},
  };
}

/** Rooms in a stable order: by name, then id (the server's order may change between polls). */
export function sortRoomsForConsole(rooms) {
  return [...rooms].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The node's totals now: rooms, players (seated, connected or not), spectators, players reconnecting. */
export function nodeTotals(state) {
  let players = 0;
  let spectators = 0;
  let reconnecting = 0;
  for (const r of state.rooms) {
    players += r.players.length;
    spectators += r.spectators;
    reconnecting += r.players.filter((p) => !p.connected).length;
  }
  return { rooms: state.rooms.length, players, spectators, reconnecting, connections: state.connections };
}

/** The node's state in a word, for the badge: stopping beats draining. */
export function nodeBadge(state) {
  if (state.stopping) return { text: 'Stopping', tone: 'danger' };
  if (state.draining) return { text: 'Draining', tone: 'warn' };
  return { text: 'Serving', tone: 'ok' };
}

/** The Drain button: its text and the value the next press sends. */
export function drainButton(draining) {
  return draining ? { text: 'Stop draining', next: false } : { text: 'Drain node', next: true };
}

const CLOSE_NAME = /^(\d{3,4})\s+([A-Z0-9_]+)$/;

/**
 * The recent closes, most frequent first (then by code): [{code, name, label, count}]; keys are "CODE NAME"
 * ("4003 HEARTBEAT_TIMEOUT" → code 4003, label "heartbeat timeout"); zero or broken counts are left out.
 */
export function formatCloses(recentCloses) {
  const rows = [];
  for (const [key, value] of Object.entries(recentCloses ?? {})) {
    const count = Number(value);
    if (!Number.isFinite(count) || count <= 0) continue;
    const m = CLOSE_NAME.exec(key.trim());
    const code = m ? Number(m[1]) : null;
    const name = m ? m[2] : key;
    const label = m ? name.toLowerCase().replace(/_/g, ' ') : key;
    rows.push({ code, name, label, count });
  }
  return rows.sort((a, b) => b.count - a.count || (a.code ?? Infinity) - (b.code ?? Infinity) || a.name.localeCompare(b.name));
}

/** "connected" or "reconnecting" (the seat is kept while the player's game stream is away). */
export function playerStatus(player) {
  return player.connected ? 'connected' : 'reconnecting';
}

export function phaseText(phase) {
  return PHASE_LABELS[phase] ?? (phase || '–');
}

// ------------------------------------------------------------------ numbers and time

/** A compact number: integers as they are, else at most two decimals (three significant digits). */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v) || Math.abs(v) >= 100) return String(Math.round(v));
  if (Math.abs(v) >= 10) return String(Number(v.toFixed(1)));
  return String(Number(v.toFixed(2)));
}

/** A time span: "45 s", "1 min 30 s", "5 min". */
export function formatSpan(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

/** The top of a chart's axis: the smallest 1, 2, 2.5 or 5 × 10^n at or above v (1 for nothing). */
export function niceMax(v) {
  if (!Number.isFinite(v) || v <= 0) return 1;
  const exp = Math.floor(Math.log10(v));
  for (let e = exp - 1; e <= exp + 1; e++) {
    const base = 10 ** e;
    for (const m of [1, 2, 2.5, 5]) {
      const top = Number((m * base).toPrecision(12));
      if (top >= v * (1 - 1e-12)) return top;
    }
  }
  return 10 ** (exp + 1);
}

// ------------------------------------------------------------------ charts

/** The four charts: which history fields each shows (same scale within a chart), in which colours. */
export const CHARTS = Object.freeze([
  { id: 'connections', title: 'Connections', unit: '', lines: [{ key: 'connections', label: 'connections', color: '#2ee6c5' }] },
  {
    id: 'players', title: 'Players and spectators', unit: '', lines: [
      { key: 'players', label: 'players', color: '#3b82f6' }, { key: 'spectators', label: 'spectators', color: '#a78bfa' }],
  },
  {
    id: 'tick', title: 'Tick time', unit: 'ms', lines: [
      { key: 'tickMeanMs', label: 'mean', color: '#4ade80' }, { key: 'tickP99Ms', label: 'p99', color: '#facc15' }],
  },
  { id: 'bandwidth', title: 'Snapshot bandwidth', unit: 'kB/s', lines: [{ key: 'kBytesPerSecond', label: 'kB/s', color: '#2ee6c5' }] },
]);

/** The plot area inside a chart of width x height (CSS px): room for the value labels left and the time below. */
export function chartBox(width, height) {
  const left = 40;
  const top = 8;
  const right = 8;
  const bottom = 20;
  return { x: left, y: top, width: Math.max(1, width - left - right), height: Math.max(1, height - top - bottom) };
}

/**
 * The points of history[key] in box ({x, y, width, height}; y grows downwards): time runs over windowMs ending
 * at the newest sample (the right edge), values from 0 (bottom) to max (top; by default niceMax of the largest
 * value). A point after a missing sample (more than 2.5 sample intervals since the one before) has gap: true,
 * so the line breaks there. Returns {points: [{x, y, value, at, gap}], max, maxLabel, last, spanMs, windowMs}.
 */
export function chartSeries(history, key, box, {
  windowMs = DEFAULT_SAMPLE_SECONDS * 1000 * HISTORY_SAMPLES, max, unit = '', sampleMs = DEFAULT_SAMPLE_SECONDS * 1000,
} = {}) {
  const samples = (history ?? []).filter((h) => h && Number.isFinite(h.at) && Number.isFinite(h[key]));
  const end = samples.length ? samples[samples.length - 1].at : 0;
  const inWindow = samples.filter((h) => end - h.at <= windowMs);
  const top = max ?? niceMax(Math.max(0, ...inWindow.map((h) => h[key])));
  const points = [];
  let prevAt = null;
  for (const h of inWindow) {
    const value = h[key];
    const frac = Math.min(1, Math.max(0, value / top));
    points.push({
      x: box.x + box.width - ((end - h.at) / windowMs) * box.width,
      y: box.y + box.height - frac * box.height,
      value,
      at: h.at,
      gap: prevAt !== null && h.at - prevAt > 2.5 * sampleMs,
    });
    prevAt = h.at;
  }
  return {
    points,
    max: top,
    maxLabel: unit ? `${formatNumber(top)} ${unit}` : formatNumber(top),
    last: inWindow.length ? inWindow[inWindow.length - 1][key] : null,
    spanMs: inWindow.length > 1 ? inWindow[inWindow.length - 1].at - inWindow[0].at : 0,
    windowMs,
  };
}

/** The series of a chart (see CHARTS): one scale for its lines, so p99 and mean compare. */
export function chartLines(history, chart, box, sampleSeconds = DEFAULT_SAMPLE_SECONDS) {
  const opts = { sampleMs: sampleSeconds * 1000, windowMs: sampleSeconds * 1000 * HISTORY_SAMPLES, unit: chart.unit };
  const largest = Math.max(0, ...chart.lines.flatMap((l) => (history ?? []).map((h) => h?.[l.key]).filter(Number.isFinite)));
  const max = niceMax(largest);
  return chart.lines.map((l) => ({ ...l, ...chartSeries(history, l.key, box, { ...opts, max }) }));
}

/** A coordinate where a line of lineWidth CSS px lands on whole device pixels (crisp, not blurred over two). */
export function crisp(v, dpr = 1, lineWidth = 1) {
  const d = Math.round(v * dpr);
  return (Math.round(lineWidth * dpr) % 2 === 1 ? d + 0.5 : d) / dpr;
}

/** The backing store of a canvas shown at cssWidth x cssHeight on a screen of devicePixelRatio dpr. */
export function canvasSize(cssWidth, cssHeight, dpr = 1) {
  const scale = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  return { width: Math.max(1, Math.round(cssWidth * scale)), height: Math.max(1, Math.round(cssHeight * scale)), scale };
}

const GRID = 'rgba(130, 160, 210, 0.16)';
const LABEL = '#8390ab';
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Draws a chart into ctx (its canvas is width x height CSS px at dpr device px each): the grid at 0, half and
 * max, the max and 0 labels (numbers: the legend has the unit), the time span below ("−5 min" … "now"), and each line (the first one filled
 * lightly). An empty history gets a "collecting samples" note instead.
 */
export function drawChart(ctx, { width, height, dpr = 1 }, chart, history, sampleSeconds = DEFAULT_SAMPLE_SECONDS) {
  const box = chartBox(width, height);
  const lines = chartLines(history, chart, box, sampleSeconds);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.beginPath();
  for (const f of [0, 0.5, 1]) {
    const y = crisp(box.y + box.height * f, dpr);
    ctx.moveTo(box.x, y);
    ctx.lineTo(box.x + box.width, y);
  }
  ctx.stroke();
  ctx.font = FONT;
  ctx.fillStyle = LABEL;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const first = lines[0];
  ctx.fillText(formatNumber(first.max), box.x - 6, box.y + 1); // the unit is in the legend
  ctx.fillText('0', box.x - 6, box.y + box.height);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(`−${formatSpan(first.windowMs)}`, box.x, box.y + box.height + 5);
  ctx.textAlign = 'right';
  ctx.fillText('now', box.x + box.width, box.y + box.height + 5);
  if (lines.every((l) => l.points.length === 0)) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(`collecting samples (one every ${sampleSeconds} s)…`, box.x + box.width / 2, box.y + box.height / 2);
    return lines;
  }
  lines.forEach((l, i) => {
    const pts = l.points;
    if (i === 0 && pts.length > 1) {
      ctx.globalAlpha = 0.14;
      ctx.fillStyle = l.color;
      ctx.beginPath();
      let start = 0;
      for (let j = 0; j <= pts.length; j++) {
        if (j === pts.length || (j > start && pts[j].gap)) {
          ctx.moveTo(pts[start].x, box.y + box.height);
          for (let k = start; k < j; k++) ctx.lineTo(pts[k].x, pts[k].y);
          ctx.lineTo(pts[j - 1].x, box.y + box.height);
          ctx.closePath();
          start = j;
        }
      }
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = l.color;
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.beginPath();
    pts.forEach((p, j) => (j === 0 || p.gap ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.stroke();
    const last = pts[pts.length - 1];
    if (last) {
      ctx.fillStyle = l.color;
      ctx.beginPath();
      ctx.arc(last.x, last.y, 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
  });
  return lines;
}

// ------------------------------------------------------------------ rows (document given; text only)

/** The close-codes table body: one row per code (code, what it is, how many), or nothing. */
export function renderCloses(tbody, rows) {
  const doc = tbody.ownerDocument;
  while (tbody.firstChild) tbody.firstChild.remove();
  for (const r of rows) {
    const tr = doc.createElement('tr');
    tr.append(textEl(doc, 'td', 'code', r.code === null ? '–' : String(r.code)), textEl(doc, 'td', 'what', r.label),
      textEl(doc, 'td', 'num', String(r.count)));
    tbody.append(tr);
  }
}

/**
 * A two-step button (Close room, Kick): step(key) is the press of its TwoStep (kept by the caller, per kind and
 * key, so that it outlives a re-render); 'armed' calls onArm(button), 'confirmed' calls onConfirm(button).
 */
function twoStepButton(doc, text, armedText, title, step, { onArm, onConfirm }) {
  const b = textEl(doc, 'button', 'btn btn-small btn-danger', text);
  b.type = 'button';
  b.title = title;
  b.dataset.text = text;
  b.dataset.armedText = armedText;
  b.addEventListener('click', () => {
    const key = b.dataset.key;
    if (step(key) === 'confirmed') onConfirm(b);
    else onArm(b);
  });
  return b;
}

/** The table's <tbody> elements as a parent for syncKeyedChildren: its <thead> stays first, untouched. */
function roomBodies(table) {
  if (!table.tBodies) return table;
  return { get children() { return table.tBodies; }, insertBefore: (el, at) => table.insertBefore(el, at) };
}

/**
 * The rooms table: a <tbody> per room (its row and a row holding its players' table), updated in place and
 * keyed by room id and player id, so an armed button survives the 2 s refresh.
 * handlers: {press(kind, id) → 'armed' | 'confirmed', armed(kind, id) → bool, onArm(button), onConfirm(button)}.
 */
export class RoomsView {
  constructor(table, handlers) {
    this.table = table;
    this.handlers = handlers;
    this.cache = new Map();
    this.playerCaches = new Map();
  }

  createRoom(doc, room) {
    const body = doc.createElement('tbody');
    body.className = 'room';
    body.dataset.roomId = room.id;
    const tr = doc.createElement('tr');
    tr.className = 'room-row';
    const nameCell = elWith(doc, 'td', 'room-cell', textEl(doc, 'span', 'name'),
      textEl(doc, 'span', 'private-tag', 'private'), textEl(doc, 'span', 'id mono'));
    tr.append(nameCell, elWith(doc, 'td', 'phase-cell', textEl(doc, 'span', 'pill')), textEl(doc, 'td', 'num seats'),
      textEl(doc, 'td', 'num spectators'), textEl(doc, 'td', 'num tick'),
      this.actionCell(doc, 'close', 'Close room', 'Confirm close', 'Close the room: its players go back to the lobby'));
    const playersRow = doc.createElement('tr');
    playersRow.className = 'players-row';
    const cell = doc.createElement('td');
    cell.colSpan = 6;
    const list = doc.createElement('table');
    list.className = 'players';
    const listBody = doc.createElement('tbody');
    list.append(listBody);
    cell.append(list, textEl(doc, 'p', 'muted no-players', 'Nobody seated.'));
    playersRow.append(cell);
    body.append(tr, playersRow);
    return body;
  }

  updateRoom(body, room) {
    const doc = body.ownerDocument;
    const [tr, playersRow] = body.children;
    const [nameCell, phase, seats, spectators, tick, action] = tr.children;
    const [name, tag, id] = nameCell.children;
    setText(name, room.name || '(no name)');
    name.title = room.name;
    tag.hidden = !room.private;
    setText(id, room.id);
    const pill = phase.firstElementChild;
    pill.className = `pill pill-${room.phase.replace(/[^a-z]/g, '')}`;
    setText(pill, phaseText(room.phase));
    setText(seats, `${room.seatsTaken}/${room.capacity}`);
    setText(spectators, String(room.spectators));
    setText(tick, String(room.tick));
    const close = action.firstElementChild;
    close.dataset.key = room.id;
    close.dataset.label = room.name || room.id;
    this.syncArmed(close, 'close', room.id);
    const cell = playersRow.firstElementChild;
    const listBody = cell.firstElementChild.firstElementChild;
    let cache = this.playerCaches.get(room.id);
    if (!cache) {
      cache = new Map();
      this.playerCaches.set(room.id, cache);
    }
    syncKeyedChildren(listBody, room.players, {
      key: (p) => p.playerId, create: (p) => this.createPlayer(doc, p), update: (el, p) => this.updatePlayer(el, p), cache,
    });
    cell.firstElementChild.hidden = room.players.length === 0;
    cell.children[1].hidden = room.players.length > 0;
  }

  createPlayer(doc, player) {
    const tr = doc.createElement('tr');
    tr.className = 'player';
    tr.dataset.playerId = player.playerId;
    tr.append(textEl(doc, 'td', 'nick'), textEl(doc, 'td', 'id mono'), elWith(doc, 'td', 'status-cell', textEl(doc, 'span', 'conn')),
      this.actionCell(doc, 'kick', 'Kick', 'Confirm kick', 'Remove the player from the room'));
    return tr;
  }

  /** A cell with the two-press button of one operator action (`close` or `kick`) on a row. */
  actionCell(doc, kind, label, confirmLabel, title) {
    const button = twoStepButton(doc, label, confirmLabel, title, (key) => this.handlers.press(kind, key),
      this.handlers);
    button.dataset.kind = kind;
    return elWith(doc, 'td', 'action', button);
  }

  updatePlayer(tr, player) {
    const [nick, id, status, action] = tr.children;
    setText(nick, player.nickname || '(no name)');
    nick.title = player.nickname;
    setText(id, player.playerId);
    const conn = status.firstElementChild;
    const word = playerStatus(player);
    conn.className = `conn conn-${word}`;
    setText(conn, word);
    const kick = action.firstElementChild;
    kick.dataset.key = player.playerId;
    kick.dataset.label = player.nickname || player.playerId;
    this.syncArmed(kick, 'kick', player.playerId);
  }

  /** Keeps a button's text and class in step with its TwoStep (armed or not) unless a request is under way. */
  syncArmed(button, kind, key) {
    if (button.dataset.busy === '1') return;
    const armed = this.handlers.armed(kind, key);
    setText(button, armed ? button.dataset.armedText : button.dataset.text);
    button.classList.toggle('armed', armed);
  }

  /** rooms: as normalizeState gives them. */
  render(rooms) {
    const doc = this.table.ownerDocument;
    syncKeyedChildren(roomBodies(this.table), rooms, {
      key: (r) => r.id, create: (r) => this.createRoom(doc, r), update: (b, r) => this.updateRoom(b, r), cache: this.cache,
    });
    for (const id of this.playerCaches.keys()) {
      if (!this.cache.has(id)) this.playerCaches.delete(id);
    }
  }
}
