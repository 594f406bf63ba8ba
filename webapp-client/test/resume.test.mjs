// Getting back in: one reconnect try (resume, joinRoom, joinByCode, fatal cases) and the lobby connection keeper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectOnce, GameResumer, finalDrop, SERVER_RESTARTING } from '../js/engine/resume.js';
import { LobbyConnection, retryText } from '../js/engine/lobbyconn.js';
import { closeMessage } from '../js/engine/messages.js';
import { LobbyClient, LobbyError } from '../js/engine/lobby.js';
import { PROTOCOL_VERSION } from '../js/games/arena/protocol.js';

/** A lobby and game session stand-in that records what the try asked for. */
function fakes({ greeted = true, join = null, reopen = null, resumeOnRenew = null } = {}) {
  const calls = [];
  let pendingResume = null;
  const conn = {
    greeted,
    ensure: async () => { calls.push('ensure'); conn.greeted = true; },
    renew: async () => { calls.push('renew'); pendingResume = resumeOnRenew; },
  };
  const lobby = {
    joinRoom: async (id) => { calls.push(`joinRoom ${id}`); return join ? join() : { gamePath: `ws/game/${id}?ticket=T1` }; },
    joinByCode: async (code) => { calls.push(`joinByCode ${code}`); return join ? join() : { gamePath: 'ws/game/priv?ticket=T2' }; },
  };
  const session = {
    reopen: async (url) => { calls.push(`reopen ${url}`); if (reopen) await reopen(); },
  };
  const takeResume = () => { const r = pendingResume; pendingResume = null; return r; };
  return { calls, conn, lobby, session, takeResume, offer: (r) => { pendingResume = r; } };
}
const toUrl = (p) => `ws://h/${p}`;
const publicGame = (session) => ({ room: { id: 'r1', private: false }, code: null, session });

test('a public room asks joinRoom for a fresh ticket and reopens the stream with it', async () => {
  const f = fakes();
  const steps = [];
  await reconnectOnce({ ...f, game: publicGame(f.session), toUrl, onStep: (t) => steps.push(t) });
  assert.deepEqual(f.calls, ['ensure', 'joinRoom r1', 'reopen ws://h/ws/game/r1?ticket=T1']);
  assert.equal(steps.length, 2);
});

test('a private room asks joinByCode with its code', async () => {
  const f = fakes();
  await reconnectOnce({ ...f, game: { room: { id: 'p1', private: true }, code: 'ABC123', session: f.session }, toUrl });
  assert.deepEqual(f.calls, ['ensure', 'joinByCode ABC123', 'reopen ws://h/ws/game/priv?ticket=T2']);
});

test("a welcome's resume is used instead of asking for a ticket", async () => {
  const f = fakes({ greeted: false });
  f.offer({ room: { id: 'r1' }, gamePath: 'ws/game/r1?ticket=RESUME' });
  await reconnectOnce({ ...f, game: publicGame(f.session), toUrl });
  assert.deepEqual(f.calls, ['ensure', 'reopen ws://h/ws/game/r1?ticket=RESUME']);
});

test('a private room without a known code gets its seat from a fresh hello', async () => {
  const f = fakes({ resumeOnRenew: { room: { id: 'p1' }, gamePath: 'ws/game/p1?ticket=R' } });
  await reconnectOnce({ ...f, game: { room: { id: 'p1', private: true }, code: null, session: f.session }, toUrl });
  assert.deepEqual(f.calls, ['ensure', 'renew', 'reopen ws://h/ws/game/p1?ticket=R']);
});

test('room gone or full, a 4001 close or an ended session are fatal; other failures are retried', async () => {
  for (const code of ['ROOM_NOT_FOUND', 'ROOM_FULL']) {
    const f = fakes({ join: () => { throw new LobbyError(code, 'x', 'joinRoom'); } });
    await assert.rejects(reconnectOnce({ ...f, game: publicGame(f.session), toUrl }), (e) => e.fatal === true, code);
  }
  const busy = fakes({ join: () => { throw new LobbyError('TOO_MANY_ROOMS', 'x', 'joinRoom'); } });
  await assert.rejects(reconnectOnce({ ...busy, game: publicGame(busy.session), toUrl }), (e) => !e.fatal);
  const gone = fakes({ reopen: () => Promise.reject({ code: 4001, reason: '', message: 'no room' }) });
  await assert.rejects(reconnectOnce({ ...gone, game: publicGame(gone.session), toUrl }), (e) => e.fatal === true);
  const ended = fakes({ reopen: () => Promise.reject({ code: null, message: 'ended', ended: true }) });
  await assert.rejects(reconnectOnce({ ...ended, game: publicGame(ended.session), toUrl }), (e) => e.fatal === true);
  const lost = fakes({ reopen: () => Promise.reject({ code: 1006, reason: '', message: 'lost' }) });
  await assert.rejects(reconnectOnce({ ...lost, game: publicGame(lost.session), toUrl }), (e) => !e.fatal && e.message === 'lost');
  const down = fakes();
  down.conn.ensure = async () => { throw new Error('could not connect to the lobby (1006)'); };
  await assert.rejects(reconnectOnce({ ...down, game: publicGame(down.session), toUrl }), (e) => !e.fatal);
});

/** A manual clock for the backoff timers. */
function fakeClock() {
  let now = 0;
  let id = 0;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms) => { timers.set(++id, { at: now + ms, fn }); return id; },
    clearTimeout: (t) => timers.delete(t),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        for (let i = 0; i < 20; i++) await Promise.resolve();
      }
      now = end;
    },
  };
}

test('the resumer keeps only a resume for our room and gives up after the deadline', async () => {
  const clock = fakeClock();
  const f = fakes();
  f.session.reopen = async () => { throw { code: 1006, message: 'lost' }; };
  let gaveUp = null;
  const resumer = new GameResumer({
    conn: f.conn, lobby: f.lobby, getGame: () => publicGame(f.session), toUrl, clock, giveUpAfterMs: 20000,
    onGiveUp: (r) => { gaveUp = { r, at: clock.now() }; },
    onSuccess: () => assert.fail('no success expected'),
  });
  resumer.offer({ room: { id: 'r1' }, gamePath: 'x' });
  assert.equal(resumer.take('r1'), null, 'an offer while not reconnecting is dropped');
  resumer.start();
  resumer.resume = { room: { id: 'other' }, gamePath: 'y' };
  assert.equal(resumer.take('r1'), null, 'a resume for another room is not ours');
  await clock.advance(20000);
  assert.deepEqual(gaveUp, { r: { deadline: true }, at: 20000 });
  // tries at 0.5, 1, 2, 3, 5, 9, 13 and 17 s (GAME_BACKOFF_MS), none after the 20 s deadline
  assert.equal(f.calls.filter((c) => c.startsWith('joinRoom')).length, 8);
});

/** A scripted WebSocket: opens at once; refuse = true makes new sockets fail to connect. */
class Sock {
  static all = [];
  static refuse = false;
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    Sock.all.push(this);
    queueMicrotask(() => {
      if (Sock.refuse) { this.readyState = 3; this.onclose?.({ code: 1006, reason: '' }); return; }
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(t) {
    const m = JSON.parse(t);
    this.sent.push(m);
    if (m.type === 'hello') {
      queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ type: 'welcome', playerId: 'p1', nickname: m.nickname, protocol: PROTOCOL_VERSION, token: 'tk' }) }));
    }
  }
  close(code = 1000, reason = '') { this.readyState = 3; this.onclose?.({ code, reason }); }
}

test('the lobby connection reconnects with backoff and the token; after 4004 it waits for the player', async () => {
  const clock = fakeClock();
  let token = null;
  const tokens = { get: () => token, set: (t) => { token = t; }, clear: () => { token = null; } };
  const lobby = new LobbyClient('ws://h/ws/lobby', { WebSocketImpl: Sock, tokenStore: tokens });
  const statuses = [];
  const conn = new LobbyConnection(lobby, { helloName: () => 'Ann', onStatus: (s) => statuses.push(s), clock });
  await conn.ensure();
  assert.equal(conn.greeted, true);
  assert.deepEqual(Sock.all[0].sent, [{ type: 'hello', nickname: 'Ann', protocol: PROTOCOL_VERSION }]);
  // the server drops us, and refuses the first two reconnects
  Sock.refuse = true;
  Sock.all.at(-1).close(1006);
  assert.equal(conn.greeted, false);
  await clock.advance(1500); // tries at 0.5 s and 1.5 s fail
  assert.equal(conn.greeted, false);
  Sock.refuse = false;
  await clock.advance(1999);
  assert.equal(conn.greeted, false, 'the third try waits for 3.5 s');
  await clock.advance(1);
  assert.equal(conn.greeted, true);
  assert.deepEqual(Sock.all.at(-1).sent[0], { type: 'hello', nickname: 'Ann', protocol: PROTOCOL_VERSION, token: 'tk' });
  assert.equal(Sock.all.length, 4);
  assert.equal(statuses.at(-1), 'online');
  // closed for inactivity: nothing until the player is back
  Sock.all.at(-1).close(4004);
  await clock.advance(60000);
  assert.equal(Sock.all.length, 4);
  conn.wake();
  for (let i = 0; i < 20; i++) await Promise.resolve();
  assert.equal(conn.greeted, true);
  assert.equal(Sock.all.length, 5);
  // a name change greets again on a new connection
  await conn.ensureGreetedAs('Bob');
  assert.equal(lobby.welcome.nickname, 'Bob');
  assert.equal(Sock.all.length, 6);
  lobby.close();
});

const SHUTDOWN = 'server shutting down; reconnect in 3000 ms';

test('a game stream closed by a server shutdown ends the game; other drops are retried', () => {
  const info = (code, reason = '') => ({ code, reason, message: `closed ${code}` });
  assert.deepEqual(finalDrop(info(1001, SHUTDOWN)), { code: 1001, reason: SHUTDOWN, text: SERVER_RESTARTING });
  assert.match(SERVER_RESTARTING, /server is restarting/);
  // left, ticket refused, room gone: final as before, with the close's own message
  for (const code of [1000, 4000, 4001]) assert.deepEqual(finalDrop(info(code)), { code, reason: '', message: `closed ${code}` });
  // a room that closed (1001 without the hint), lost connections, timeouts: reconnect (which finds out)
  for (const [code, reason] of [[1001, 'room closed'], [1001, ''], [1006, ''], [4002, 'slow'], [4003, ''], [1011, ''],
    [1008, 'bad netsim: x'], [null, '']]) {
    assert.equal(finalDrop(info(code, reason)), null, `${code} ${reason}`);
  }
  // a refused server-side network simulation is final only when the page asked for one
  assert.deepEqual(finalDrop(info(1008, 'bad netsim: x'), { askedServerNetsim: true }),
    { code: 1008, reason: 'bad netsim: x', message: 'closed 1008' });
  assert.equal(finalDrop(info(1008, 'input flood'), { askedServerNetsim: true }), null);
  // removed by an operator (the console's kick): final, the page does not take the seat back
  assert.deepEqual(finalDrop(info(1008, 'removed by an operator')),
    { code: 1008, reason: 'removed by an operator', message: 'closed 1008' });
});

test('a reconnect try stops for good when the server is shutting down', async () => {
  const refused = fakes({ join: () => { throw new LobbyError('SHUTTING_DOWN', 'x', 'joinRoom'); } });
  await assert.rejects(reconnectOnce({ ...refused, game: publicGame(refused.session), toUrl }),
    (e) => e.fatal === true && e.message === SERVER_RESTARTING && e.cause.code === 'SHUTTING_DOWN');
  const closed = fakes({ reopen: () => Promise.reject({ code: 1001, reason: SHUTDOWN, message: 'going away' }) });
  await assert.rejects(reconnectOnce({ ...closed, game: publicGame(closed.session), toUrl }),
    (e) => e.fatal === true && e.message === SERVER_RESTARTING);
  const roomClosed = fakes({ reopen: () => Promise.reject({ code: 1001, reason: 'room closed', message: 'going away' }) });
  await assert.rejects(reconnectOnce({ ...roomClosed, game: publicGame(roomClosed.session), toUrl }), (e) => !e.fatal);
});

test('lobby status texts say why and when', () => {
  assert.equal(retryText('lost', 500), 'Disconnected from the lobby, retrying in 0.5 s…');
  assert.equal(retryText('restart'), 'Server restarting, reconnecting…');
  assert.equal(retryText('restart', 4321), 'Server restarting, reconnecting in 4.3 s…');
  assert.equal(retryText('busy'), 'Server busy, reconnecting…');
  assert.equal(retryText(closeMessage(4005), 1000), `${closeMessage(4005)} Retrying in 1.0 s…`);
});

/** A lobby connection over Sock with a fake clock and a fixed random source; statuses are recorded. */
async function greetedConnection(random) {
  Sock.all = [];
  Sock.refuse = false;
  const clock = fakeClock();
  const lobby = new LobbyClient('ws://h/ws/lobby', { WebSocketImpl: Sock });
  const statuses = [];
  const conn = new LobbyConnection(lobby, {
    helloName: () => 'Ann', onStatus: (state, text) => statuses.push({ state, text }), clock, random,
  });
  await conn.ensure();
  assert.equal(conn.greeted, true);
  return { clock, lobby, statuses, conn };
}

test('after a server shutdown the lobby waits the hinted delay plus jitter, then reconnects', async () => {
  const { clock, lobby, statuses, conn } = await greetedConnection(() => 0.25);
  statuses.length = 0;
  Sock.all.at(-1).close(1001, SHUTDOWN);
  assert.equal(conn.greeted, false);
  assert.deepEqual(statuses, [
    { state: 'offline', text: 'Server restarting, reconnecting…' },
    { state: 'offline', text: 'Server restarting, reconnecting in 3.8 s…' },
  ]);
  // the server is down for a while: the try at 3 s + 750 ms fails, then the normal schedule goes on (1 s)
  Sock.refuse = true;
  await clock.advance(3749);
  assert.equal(Sock.all.length, 1, 'no try before the hint and its jitter');
  await clock.advance(1);
  assert.equal(Sock.all.length, 2);
  assert.equal(conn.greeted, false);
  assert.equal(statuses.at(-1).text, 'Server restarting, reconnecting in 1.0 s…', 'a failed try keeps the reason');
  Sock.refuse = false;
  await clock.advance(1000);
  assert.equal(Sock.all.length, 3);
  assert.equal(conn.greeted, true);
  assert.equal(statuses.at(-1).state, 'online');
  // the next ordinary drop is back on the normal backoff and text
  statuses.length = 0;
  Sock.all.at(-1).close(1006);
  assert.equal(statuses.at(-1).text, 'Disconnected from the lobby, retrying in 0.5 s…');
  await clock.advance(500);
  assert.equal(conn.greeted, true);
  assert.equal(Sock.all.length, 4);
  lobby.close();
});

test('the jitter spreads the reconnects over [N, 2N]; a 1001 without the hint retries at once', async () => {
  const tries = [];
  for (const share of [0, 0.999999]) {
    const { clock, lobby } = await greetedConnection(() => share);
    Sock.all.at(-1).close(1001, SHUTDOWN);
    const start = clock.now();
    while (Sock.all.length < 2) await clock.advance(100);
    tries.push(clock.now() - start);
    lobby.close();
  }
  assert.deepEqual(tries, [3000, 6000]);
  const { clock, lobby, statuses } = await greetedConnection(() => 0.5);
  Sock.all.at(-1).close(1001, 'room closed');
  assert.equal(statuses.at(-1).text, 'Disconnected from the lobby, retrying in 0.5 s…');
  await clock.advance(500);
  assert.equal(Sock.all.length, 2);
  lobby.close();
});

test('after 4005 the lobby shows the close text and retries on the normal backoff', async () => {
  const { clock, lobby, statuses, conn } = await greetedConnection(() => 0.5);
  statuses.length = 0;
  Sock.refuse = true;
  Sock.all.at(-1).close(4005, 'too many connections from this address');
  assert.deepEqual(statuses, [
    { state: 'offline', text: closeMessage(4005) },
    { state: 'offline', text: `${closeMessage(4005)} Retrying in 0.5 s…` },
  ]);
  assert.match(closeMessage(4005), /Too many connections/);
  await clock.advance(500); // refused (1006): still the same reason, next wait 1 s
  assert.equal(statuses.at(-1).text, `${closeMessage(4005)} Retrying in 1.0 s…`);
  Sock.refuse = false;
  await clock.advance(1000);
  assert.equal(conn.greeted, true);
  assert.equal(Sock.all.length, 3);
  lobby.close();
});
