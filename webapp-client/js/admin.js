/**
 * The operator's console page (admin.html): log in with the console secret (kept in sessionStorage, so a reload
 * stays logged in), then poll the state every 2 s and show it; Drain, Close room and Kick call the API and
 * refresh at once. The logic lives in adminview.js; this file is the page, the clock and fetch.
 */

import { setText } from './dom.js';
import { TwoStep } from './confirm.js';
import { browserStorage, storedString } from './engine/storage.js';
import {
  SECRET_KEY, POLL_MS, CONFIRM_MS, CHARTS, apiRequest, actionPath, consoleBase, secretProblem, normalizeState,
  nodeTotals, nodeBadge, drainButton, formatCloses, renderCloses, RoomsView, drawChart, canvasSize, formatNumber,
  formatSpan,
} from './adminview.js';

const $ = (id) => document.getElementById(id);
const ui = {
  login: $('login'), loginForm: $('login-form'), secret: $('secret'), loginError: $('login-error'),
  loginButton: $('login-button'), console: $('console'), logout: $('logout'),
  badge: $('node-badge'), connections: $('stat-connections'), rooms: $('stat-rooms'), players: $('stat-players'),
  spectators: $('stat-spectators'), updated: $('updated'), drain: $('drain'), stale: $('stale'),
  status: $('action-status'), closesBody: $('closes-body'), closesEmpty: $('closes-empty'),
  roomsTable: $('rooms-table'), roomsEmpty: $('rooms-empty'), roomsCount: $('rooms-count'), charts: $('charts'),
};

const base = consoleBase(location.href);
const api = (path) => new URL(path, base).href;
const secretStore = storedString(browserStorage('sessionStorage'), SECRET_KEY);

const app = {
  secret: null,
  generation: 0, // bumped on log in / log out: answers of an older session are dropped
  timer: null,
  inFlight: false,
  state: null,
  lastOkAt: 0,
  busy: false,
};

// ------------------------------------------------------------------ login

function showLogin(message = '') {
  app.generation++;
  clearTimeout(app.timer);
  app.secret = null;
  app.state = null;
  ui.console.hidden = true;
  ui.logout.hidden = true;
  ui.login.hidden = false;
  setText(ui.loginError, message);
  ui.loginError.hidden = !message;
  ui.loginButton.disabled = false;
  ui.secret.value = '';
  ui.secret.focus();
}

function showConsole() {
  ui.login.hidden = true;
  ui.console.hidden = false;
  ui.logout.hidden = false;
}

/** Tries the secret with one state request; on success it is remembered and polling starts. */
async function logIn(secret) {
  const gen = ++app.generation;
  ui.loginButton.disabled = true;
  const r = await apiRequest(fetch, api('admin/api/state'), { secret });
  if (gen !== app.generation) return;
  ui.loginButton.disabled = false;
  if (!r.ok) {
    if (r.logout) secretStore.clear();
    showLogin(r.message);
    return;
  }
  app.secret = secret;
  secretStore.set(secret);
  showConsole();
  accept(r.data);
  schedule(gen);
}

ui.loginForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const problem = secretProblem(ui.secret.value);
  if (problem) {
    setText(ui.loginError, problem);
    ui.loginError.hidden = false;
    return;
  }
  logIn(ui.secret.value.trim());
});

ui.logout.addEventListener('click', () => {
  secretStore.clear();
  setText(ui.status, '');
  showLogin('');
});

// ------------------------------------------------------------------ polling

function schedule(gen, delay = POLL_MS) {
  clearTimeout(app.timer);
  app.timer = setTimeout(() => poll(gen), delay);
}

async function poll(gen) {
  if (gen !== app.generation || app.inFlight) return;
  if (document.hidden) return; // resumed by visibilitychange
  app.inFlight = true;
  const r = await apiRequest(fetch, api('admin/api/state'), { secret: app.secret });
  app.inFlight = false;
  if (gen !== app.generation) return;
  if (r.ok) {
    accept(r.data);
  } else if (r.logout) {
    secretStore.clear();
    showLogin(r.message);
    return;
  } else {
    showStale(r.message);
  }
  schedule(gen);
}

/** Refresh now (after an action), then every POLL_MS again. */
function refreshNow() {
  if (app.secret === null) return;
  clearTimeout(app.timer);
  const gen = app.generation;
  if (app.inFlight) {
    schedule(gen, 200);
    return;
  }
  poll(gen);
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refreshNow();
});

function showStale(message) {
  const since = app.lastOkAt ? ` Last update ${new Date(app.lastOkAt).toLocaleTimeString()}.` : '';
  setText(ui.stale, `${message} Retrying every ${POLL_MS / 1000} s.${since}`);
  ui.stale.hidden = false;
}

// ------------------------------------------------------------------ views

const steps = new Map(); // "close:ID" / "kick:ID" → TwoStep
const timers = new Map();
const stepOf = (kind, key) => {
  const k = `${kind}:${key}`;
  let s = steps.get(k);
  if (!s) {
    s = new TwoStep(CONFIRM_MS);
    steps.set(k, s);
  }
  return s;
};

function disarm(button) {
  const k = `${button.dataset.kind}:${button.dataset.key}`;
  steps.get(k)?.reset();
  clearTimeout(timers.get(k));
  timers.delete(k);
  setText(button, button.dataset.text);
  button.classList.remove('armed');
}

const roomsView = new RoomsView(ui.roomsTable, {
  press: (kind, key) => stepOf(kind, key).press(performance.now()),
  armed: (kind, key) => steps.get(`${kind}:${key}`)?.armed(performance.now()) ?? false,
  onArm(button) {
    const k = `${button.dataset.kind}:${button.dataset.key}`;
    setText(button, button.dataset.armedText);
    button.classList.add('armed');
    clearTimeout(timers.get(k));
    timers.set(k, setTimeout(() => disarm(button), CONFIRM_MS));
  },
  onConfirm(button) {
    disarm(button);
    const kind = button.dataset.kind;
    const label = button.dataset.label;
    act(kind, button.dataset.key, button, kind === 'close' ? `Room “${label}” closed.` : `${label} kicked.`,
      kind === 'close' ? `Could not close “${label}”` : `Could not kick ${label}`);
  },
});

/** Runs an action, reports it in the status line and refreshes. */
async function act(kind, arg, button, done, failed) {
  const gen = app.generation;
  if (button) {
    button.disabled = true;
    button.dataset.busy = '1';
  }
  const r = await apiRequest(fetch, api(actionPath(kind, arg)), { method: 'POST', secret: app.secret });
  if (button) {
    button.disabled = false;
    delete button.dataset.busy;
  }
  if (gen !== app.generation) return;
  if (!r.ok && r.logout) {
    secretStore.clear();
    showLogin(r.message);
    return;
  }
  report(r.ok ? done : `${failed}: ${r.message}`, r.ok ? 'ok' : 'error');
  refreshNow();
}

function report(text, tone) {
  setText(ui.status, `${new Date().toLocaleTimeString()} · ${text}`);
  ui.status.dataset.tone = tone;
  ui.status.hidden = false;
}

ui.drain.addEventListener('click', async () => {
  if (!app.state || app.busy) return;
  const { next } = drainButton(app.state.draining);
  app.busy = true;
  ui.drain.disabled = true;
  await act('drain', next, null, next ? 'Draining: no new rooms on this node; running games go on.'
    : 'Stopped draining: the node takes new rooms again.', next ? 'Could not drain' : 'Could not stop draining');
  app.busy = false;
  ui.drain.disabled = false;
});

/** A state answer: remember it and show it. */
function accept(raw) {
  app.state = normalizeState(raw);
  app.lastOkAt = Date.now();
  ui.stale.hidden = true;
  render();
}

function render() {
  const s = app.state;
  if (!s) return;
  const totals = nodeTotals(s);
  const badge = nodeBadge(s);
  setText(ui.badge, badge.text);
  ui.badge.dataset.tone = badge.tone;
  setText(ui.connections, String(totals.connections));
  setText(ui.rooms, String(totals.rooms));
  setText(ui.players, totals.reconnecting ? `${totals.players} (${totals.reconnecting} away)` : String(totals.players));
  setText(ui.spectators, String(totals.spectators));
  setText(ui.updated, `updated ${new Date(app.lastOkAt).toLocaleTimeString()}`);
  const drain = drainButton(s.draining);
  setText(ui.drain, drain.text);
  ui.drain.classList.toggle('btn-warn', !s.draining);
  ui.drain.classList.toggle('btn-primary', s.draining);
  document.body.dataset.draining = s.draining ? '1' : '0';

  const closes = formatCloses(s.recentCloses);
  renderCloses(ui.closesBody, closes);
  ui.closesEmpty.hidden = closes.length > 0;
  ui.closesBody.closest('table').hidden = closes.length === 0;

  roomsView.render(s.rooms);
  ui.roomsEmpty.hidden = s.rooms.length > 0;
  ui.roomsTable.hidden = s.rooms.length === 0;
  setText(ui.roomsCount, String(s.rooms.length));
  drawCharts();
}

// ------------------------------------------------------------------ charts

const chartEls = new Map(); // id → {canvas, values: Map(key → element), span}
function buildCharts() {
  for (const chart of CHARTS) {
    const card = document.createElement('section');
    card.className = 'card chart-card';
    card.dataset.chart = chart.id;
    const head = document.createElement('div');
    head.className = 'chart-head';
    const title = document.createElement('h3');
    setText(title, chart.title);
    const legend = document.createElement('div');
    legend.className = 'legend';
    const values = new Map();
    for (const line of chart.lines) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = line.color;
      const label = document.createElement('span');
      label.className = 'legend-label';
      setText(label, line.label);
      const value = document.createElement('span');
      value.className = 'legend-value';
      setText(value, '–');
      item.append(swatch, label, value);
      legend.append(item);
      values.set(line.key, value);
    }
    head.append(title, legend);
    const canvas = document.createElement('canvas');
    canvas.className = 'chart';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${chart.title}, last 5 minutes`);
    const span = document.createElement('div');
    span.className = 'chart-span muted';
    card.append(head, canvas, span);
    ui.charts.append(card);
    chartEls.set(chart.id, { canvas, values, span });
  }
}

function drawCharts() {
  const s = app.state;
  if (!s || ui.console.hidden) return;
  const dpr = window.devicePixelRatio || 1;
  for (const chart of CHARTS) {
    const els = chartEls.get(chart.id);
    const rect = els.canvas.getBoundingClientRect();
    if (rect.width === 0) continue;
    const size = canvasSize(rect.width, rect.height, dpr);
    if (els.canvas.width !== size.width) els.canvas.width = size.width;
    if (els.canvas.height !== size.height) els.canvas.height = size.height;
    const lines = drawChart(els.canvas.getContext('2d'), { width: rect.width, height: rect.height, dpr: size.scale },
      chart, s.history, s.sampleSeconds);
    for (const l of lines) {
      setText(els.values.get(l.key), l.last === null ? '–' : `${formatNumber(l.last)}${chart.unit ? ` ${chart.unit}` : ''}`);
    }
    const n = s.history.length;
    setText(els.span, n ? `${n} sample${n === 1 ? '' : 's'} over ${formatSpan(lines[0].spanMs)} · axis to ${lines[0].maxLabel}`
      : 'no samples yet');
  }
}

buildCharts();
if (typeof ResizeObserver === 'function') {
  let pending = false;
  new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; drawCharts(); });
  }).observe(ui.charts);
}
// a zoom or a move to another screen changes devicePixelRatio without resizing: redraw for it
(function watchDpr() {
  const m = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  m.addEventListener?.('change', () => { drawCharts(); watchDpr(); }, { once: true });
}());

// ------------------------------------------------------------------ start

const saved = secretStore.get();
if (saved && !secretProblem(saved)) {
  ui.login.hidden = true;
  logIn(saved);
} else {
  showLogin('');
}
