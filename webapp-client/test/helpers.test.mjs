// Pure helpers of the page: WebSocket URLs, error/close texts, rate meters, scoreboard order, lobby client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wsUrl } from '../js/urls.js';
import { errorText, closeText, closeMessage, plainText } from '../js/engine/messages.js';
import { RateMeter, formatClock, sortRoster } from '../js/engine/stats.js';
import { LobbyClient, LobbyError } from '../js/engine/lobby.js';
import { ERROR_CODES, PROTOCOL_VERSION } from '../js/games/arena/protocol.js';

test('WebSocket URLs resolve against the page, under any context path', () => {
  assert.equal(wsUrl('ws/lobby', 'http://localhost:8080/'), 'ws://localhost:8080/ws/lobby');
  assert.equal(wsUrl('ws/lobby', 'https://example.com/skirmish/index.html?x=1#top'), 'wss://example.com/skirmish/ws/lobby');
  assert.equal(wsUrl('ws/game/k3x9p2qa?ticket=abc', 'http://h:8080/app/'), 'ws://h:8080/app/ws/game/k3x9p2qa?ticket=abc');
});

test('every lobby error code has its own text; close codes are named', () => {
  const texts = new Set(ERROR_CODES.map((c) => errorText(c)));
  assert.equal(texts.size, ERROR_CODES.length);
  assert.equal(errorText('SOMETHING_NEW', 'server says so'), 'server says so');
  assert.match(closeText(4000, 'ticket expired'), /^4000 BAD_TICKET: .*\(ticket expired\)$/);
  assert.match(closeText(1006), /^1006: The connection was lost\.$/);
  assert.equal(closeText(1008, 'removed by an operator'), 'An operator removed you from the room.');
  assert.match(errorText('SHUTTING_DOWN', 'x'), /restarting/);
  assert.match(errorText('SHUTTING_DOWN', 'This server takes no new games at the moment; join a running room.'),
    /no new games/, 'a drain says so');
});

test('texts from the wire never throw: odd codes and messages fall back to plain text', () => {
  const hostile = JSON.parse('{"toString":1,"valueOf":{}}');
  assert.equal(plainText('a'), 'a');
  assert.equal(plainText(5), '5');
  assert.equal(plainText(hostile, '?'), '?');
  assert.equal(plainText(null), '');
  assert.equal(errorText('constructor', ''), 'Error constructor');
  assert.equal(errorText('__proto__', 'odd'), 'odd');
  assert.equal(errorText(hostile, hostile), 'Error ?');
  assert.equal(errorText('SHUTTING_DOWN', 'x'), 'The server is restarting. Try again in a few seconds.');
  assert.match(closeMessage(4005), /Too many connections/);
  assert.equal(closeMessage(4999), 'The connection closed.');
});

test('rate meter reports per second over full windows', () => {
  const m = new RateMeter(1000);
  m.add(500, 0);
  m.add(500, 400);
  assert.equal(m.tick(900), 0);
  m.add(1000, 950);
  assert.equal(m.tick(1000), 2000);
  m.add(300, 1500);
  assert.equal(m.tick(2500), 200);
});

test('clock and scoreboard order', () => {
  assert.equal(formatClock(299.95), '5:00');
  assert.equal(formatClock(61), '1:01');
  assert.equal(formatClock(-3), '0:00');
  const sorted = sortRoster([
    { id: 1, kills: 2, deaths: 5, name: 'a' }, { id: 2, kills: 7, deaths: 1, name: 'b' },
    { id: 3, kills: 2, deaths: 1, name: 'c' }, { id: 4, kills: 2, deaths: 1, name: 'B' },
  ]);
  assert.deepEqual(sorted.map((p) => p.id), [2, 4, 3, 1]);
});

/** A scripted stand-in for the browser WebSocket. */
class FakeSocket {
  static last = null;
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.last = this;
    queueMicrotask(() => { this.readyState = 1; this.onopen?.(); });
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code = 1000) { this.readyState = 3; this.onclose?.({ code, reason: '' }); }
  reply(msg) { this.onmessage?.({ data: JSON.stringify(msg) }); }
}

test('lobby client matches answers and errors to requests', async () => {
  const lobby = new LobbyClient('ws://x/ws/lobby', { WebSocketImpl: FakeSocket });
  await lobby.connect();
  const ws = FakeSocket.last;
  const hello = lobby.hello('Ann');
  assert.deepEqual(ws.sent[0], { type: 'hello', nickname: 'Ann', protocol: PROTOCOL_VERSION });
  ws.reply({ type: 'welcome', playerId: 'p1', nickname: 'Ann', protocol: PROTOCOL_VERSION, server: 'test' });
  assert.equal((await hello).playerId, 'p1');
  assert.equal(lobby.playerId, 'p1');
  const rooms = lobby.listRooms();
  const join = lobby.joinRoom('r1');
  assert.deepEqual(ws.sent.slice(1), [{ type: 'listRooms' }, { type: 'joinRoom', roomId: 'r1' }]);
  ws.reply({ type: 'error', code: 'ROOM_FULL', message: 'room r1 is full', re: 'joinRoom' });
  ws.reply({ type: 'rooms', rooms: [{ id: 'r2' }] });
  await assert.rejects(join, (e) => e instanceof LobbyError && e.code === 'ROOM_FULL'
    && e.message === errorText('ROOM_FULL') && e.serverMessage === 'room r1 is full');
  assert.deepEqual(await rooms, [{ id: 'r2' }]);
  // greeted as Ann: ensureHello with the same name does nothing, another name reconnects
  assert.equal((await lobby.ensureHello('Ann')).playerId, 'p1');
  const again = lobby.ensureHello('Bob');
  await new Promise((r) => setTimeout(r, 0));
  assert.notEqual(FakeSocket.last, ws);
  assert.deepEqual(FakeSocket.last.sent[0], { type: 'hello', nickname: 'Bob', protocol: PROTOCOL_VERSION });
  FakeSocket.last.reply({ type: 'welcome', playerId: 'p2', nickname: 'Bob', protocol: PROTOCOL_VERSION, server: 'test' });
  assert.equal((await again).playerId, 'p2');
  // a closed connection fails what is pending
  const pending = lobby.quickPlay();
  const closed = [];
  lobby.on('close', (c) => closed.push(c.code));
  FakeSocket.last.close(1001);
  await assert.rejects(pending, /closed/);
  assert.deepEqual(closed, [1001]);
  await assert.rejects(lobby.listRooms(), /not connected/);
});

/** A token store over a plain variable. */
function memoryTokens(initial = null) {
  let value = initial;
  return { get: () => value, set: (v) => { value = v; }, clear: () => { value = null; }, get value() { return value; } };
}

test('lobby client sends the stored token, keeps the new one and hides it from the welcome', async () => {
  const tokens = memoryTokens('old-token');
  const lobby = new LobbyClient('ws://x/ws/lobby', { WebSocketImpl: FakeSocket, tokenStore: tokens });
  const welcomes = [];
  lobby.on('welcome', (w) => welcomes.push(w));
  await lobby.connect();
  const ws = FakeSocket.last;
  const hello = lobby.hello('Ann');
  assert.deepEqual(ws.sent[0], { type: 'hello', nickname: 'Ann', protocol: PROTOCOL_VERSION, token: 'old-token' });
  ws.reply({ type: 'welcome', playerId: 'p1', nickname: 'Ann', protocol: PROTOCOL_VERSION, server: 's', token: 'new-token',
    resume: { room: { id: 'r1' }, gamePath: 'ws/game/r1?ticket=t' } });
  const w = await hello;
  assert.equal(tokens.value, 'new-token');
  assert.equal('token' in w, false);
  assert.equal(JSON.stringify(lobby.welcome).includes('new-token'), false);
  assert.equal(w.resume.gamePath, 'ws/game/r1?ticket=t');
  assert.deepEqual(welcomes, [w]);
});

for (const code of ['INVALID_TOKEN', 'TOKEN_EXPIRED']) {
  test(`lobby client drops a token refused with ${code} and says hello without it`, async () => {
    const tokens = memoryTokens('bad');
    const lobby = new LobbyClient('ws://x/ws/lobby', { WebSocketImpl: FakeSocket, tokenStore: tokens });
    await lobby.connect();
    const ws = FakeSocket.last;
    const hello = lobby.hello('Ann');
    ws.reply({ type: 'error', code, message: 'no', re: 'hello' });
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(tokens.value, null);
    assert.deepEqual(ws.sent, [
      { type: 'hello', nickname: 'Ann', protocol: PROTOCOL_VERSION, token: 'bad' },
      { type: 'hello', nickname: 'Ann', protocol: PROTOCOL_VERSION },
    ]);
    ws.reply({ type: 'welcome', playerId: 'p7', nickname: 'Ann', protocol: PROTOCOL_VERSION, token: 'fresh' });
    assert.equal((await hello).playerId, 'p7');
    assert.equal(tokens.value, 'fresh');
  });
}

test('lobby client: other hello errors are not retried and keep the token', async () => {
  const tokens = memoryTokens('tok');
  const lobby = new LobbyClient('ws://x/ws/lobby', { WebSocketImpl: FakeSocket, tokenStore: tokens });
  await lobby.connect();
  const ws = FakeSocket.last;
  const hello = lobby.hello('');
  ws.reply({ type: 'error', code: 'INVALID_NICKNAME', message: 'no', re: 'hello' });
  await assert.rejects(hello, (e) => e.code === 'INVALID_NICKNAME');
  assert.equal(ws.sent.length, 1);
  assert.equal(tokens.value, 'tok', 'the token is kept when the nickname was the problem');
});

test('lobby client: pushes are events, the roomList push never answers listRooms; new requests', async () => {
  const lobby = new LobbyClient('ws://x/ws/lobby', { WebSocketImpl: FakeSocket });
  await lobby.connect();
  const ws = FakeSocket.last;
  const seen = [];
  lobby.on('message', (m) => seen.push(m.type));
  const list = lobby.listRooms();
  ws.reply({ type: 'roomsChanged', updated: [], closed: ['a'] });
  ws.reply({ type: 'roomList', rooms: [{ id: 'old' }] }); // the push after a welcome (protocol 7)
  ws.reply({ type: 'rooms', rooms: [{ id: 'r9' }] }); // the reply
  assert.deepEqual(await list, [{ id: 'r9' }]);
  ws.reply({ type: 'chat', id: 3, channel: 'lobby', from: { playerId: 'p', nickname: 'n' }, text: 't', at: 1 });
  assert.deepEqual(seen, ['roomsChanged', 'roomList', 'rooms', 'chat']);

  const ignore = (p) => p.catch(() => {});
  ignore(lobby.createRoom('Mine', 4, true));
  ignore(lobby.createRoom('Open', 6));
  ignore(lobby.joinByCode(' abc12z '));
  const sent = lobby.chat('room', 'hello');
  assert.deepEqual(ws.sent.slice(1), [
    { type: 'createRoom', name: 'Mine', capacity: 4, private: true },
    { type: 'createRoom', name: 'Open', capacity: 6 },
    { type: 'joinByCode', code: 'ABC12Z' },
    { type: 'chat', channel: 'room', text: 'hello' },
  ]);
  ws.reply({ type: 'error', code: 'CHAT_RATE_LIMITED', message: 'slow down', re: 'chat' });
  await assert.rejects(sent, (e) => e instanceof LobbyError && e.code === 'CHAT_RATE_LIMITED');
  lobby.close();
});
