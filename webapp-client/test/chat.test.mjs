// Chat rules (code points, control characters), bounded logs, token storage and text-only rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateChat, codePointLength, hasControlChars, appendChat, chatFromHistory, CHAT_LOG_SIZE, CHAT_MAX_CHARS,
} from '../js/chat.js';
import { tokenStore, roomCodeStore, storedString, showStatsStore, TOKEN_KEY } from '../js/engine/storage.js';
import { setText, textEl, chatMessageEl, onlineEntryEl, syncKeyedChildren } from '../js/dom.js';
import { fakeDocument, FakeElement } from './support.mjs';

const msg = (id, text = `m${id}`, nickname = 'Ann') => ({
  id, channel: 'lobby', from: { playerId: 'p1', nickname }, text, at: 1000 + id,
});

test('chat length counts code points, not UTF-16 units', () => {
  assert.equal(CHAT_MAX_CHARS, 200);
  assert.equal(codePointLength('héllo'), 5);
  assert.equal(codePointLength('😀'.repeat(3)), 3);
  assert.equal(validateChat('😀'.repeat(200)).ok, true, '200 emoji are 400 UTF-16 units but 200 characters');
  assert.equal(validateChat('a'.repeat(200)).ok, true);
  const long = validateChat('a'.repeat(201));
  assert.equal(long.ok, false);
  assert.match(long.error, /200/);
  assert.equal(validateChat('😀'.repeat(201)).ok, false);
});

test('chat text is trimmed, must not be empty and has no control characters', () => {
  assert.deepEqual(validateChat('  hi there  '), { ok: true, text: 'hi there' });
  assert.equal(validateChat('   ').ok, false);
  assert.equal(validateChat('').ok, false);
  assert.equal(validateChat(undefined).ok, false);
  for (const bad of ['a\u0000b', 'a\nb', 'tab\there', 'del\u007f', 'c1\u0085']) {
    assert.equal(hasControlChars(bad), true, JSON.stringify(bad));
    assert.equal(validateChat(bad).ok, false, JSON.stringify(bad));
  }
  assert.equal(hasControlChars('Zoë <b>ok</b> ✓'), false);
});

test('chat logs keep the last 50, drop duplicates and malformed messages', () => {
  assert.equal(CHAT_LOG_SIZE, 50);
  let log = [];
  for (let i = 1; i <= 60; i++) {
    log = appendChat(log, msg(i));
    assert.equal(log.length, Math.min(i, 50));
  }
  assert.equal(log.length, 50);
  assert.equal(log[0].text, 'm11');
  assert.equal(log[49].text, 'm60');
  assert.equal(appendChat(log, msg(60)), log, 'a message already shown is not added again');
  assert.equal(appendChat(log, { id: 99 }), log, 'no text, no message');
  const before = log;
  appendChat(log, msg(61));
  assert.equal(before.length, 50, 'appending does not modify the old log');
  const history = chatFromHistory(Array.from({ length: 70 }, (_, i) => msg(i)).concat([msg(69), null]));
  assert.equal(history.length, 50);
  assert.equal(history[0].id, 20);
  assert.equal(history[49].id, 69);
  assert.deepEqual(chatFromHistory('nope'), []);
  assert.equal(appendChat([], { text: 'x', from: null }).at(-1).from.nickname, '?');
});

/** A Web Storage stand-in; `broken` makes every call throw, as browsers do with storage disabled. */
class FakeStorage {
  constructor(broken = false) { this.map = new Map(); this.broken = broken; }
  getItem(k) { if (this.broken) throw new Error('denied'); return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { if (this.broken) throw new Error('denied'); this.map.set(k, String(v)); }
  removeItem(k) { if (this.broken) throw new Error('denied'); this.map.delete(k); }
}

test('token storage keeps the token under skirmish.token and survives broken storage', () => {
  assert.equal(TOKEN_KEY, 'skirmish.token');
  const storage = new FakeStorage();
  const tokens = tokenStore(storage);
  assert.equal(tokens.get(), null);
  tokens.set('v1.p1.123.QW5u.sig');
  assert.equal(storage.getItem('skirmish.token'), 'v1.p1.123.QW5u.sig');
  assert.equal(tokens.get(), 'v1.p1.123.QW5u.sig');
  tokens.set('');
  assert.equal(tokens.get(), null, 'an empty token clears it');
  tokens.set('t2');
  tokens.clear();
  assert.equal(storage.map.size, 0);
  for (const s of [new FakeStorage(true), null]) {
    const t = tokenStore(s);
    assert.doesNotThrow(() => t.set('x'));
    assert.equal(t.get(), null);
    assert.doesNotThrow(() => t.clear());
  }
  const nick = storedString(storage, 'skirmish.nickname');
  nick.set('Ann');
  assert.equal(storage.getItem('skirmish.nickname'), 'Ann');
});

test('the room code is remembered per room', () => {
  const storage = new FakeStorage();
  const codes = roomCodeStore(storage);
  codes.set('r1', 'ABC123');
  assert.equal(codes.get('r1'), 'ABC123');
  assert.equal(codes.get('r2'), null);
  storage.setItem('skirmish.roomCode', '{not json');
  assert.equal(codes.get('r1'), null);
  codes.set('r1', null);
  assert.equal(storage.getItem('skirmish.roomCode'), null);
});

const fakeDoc = fakeDocument();
const EVIL = '<img src=x onerror=alert(1)>';

test('player text reaches the page only as text', () => {
  const line = chatMessageEl(fakeDoc, { id: 5, from: { playerId: 'p9', nickname: EVIL }, text: `${EVIL} hi` });
  assert.equal(line.className, 'chat-msg');
  assert.equal(line.dataset.id, '5');
  assert.equal(line.find('chat-from').textContent, EVIL);
  assert.equal(line.find('chat-text').textContent, `${EVIL} hi`);
  assert.equal(line.find('chat-from').tagName, 'SPAN');
  assert.equal(chatMessageEl(fakeDoc, { id: 1, from: { nickname: 'me' }, text: 'x' }, { self: true }).className, 'chat-msg self');

  const entry = onlineEntryEl(fakeDoc, { playerId: 'p9', nickname: EVIL, status: 'lobby' });
  assert.equal(entry.className, 'online-entry');
  assert.equal(entry.dataset.playerId, 'p9');
  assert.equal(entry.find('online-name').textContent, EVIL);
  assert.ok(entry.find('online-status'));

  const el = textEl(fakeDoc, 'td', 'name', EVIL);
  assert.equal(el.textContent, EVIL);
  setText(el, EVIL);
  assert.equal(el.textWrites, 1, 'the same text is not written again');
  setText(el, null);
  assert.equal(el.textContent, '');
});

test('keyed lists keep their elements across updates and follow the order', () => {
  const parent = new FakeElement('ul');
  const cache = new Map();
  let created = 0;
  const opts = {
    key: (x) => x.id,
    create: (x) => { created++; return textEl(fakeDoc, 'li', '', x.id); },
    update: (e, x) => setText(e, `${x.id}:${x.n}`),
    cache,
  };
  syncKeyedChildren(parent, [{ id: 'a', n: 1 }, { id: 'b', n: 1 }, { id: 'c', n: 1 }], opts);
  const b = parent.children[1];
  syncKeyedChildren(parent, [{ id: 'c', n: 2 }, { id: 'b', n: 2 }], opts);
  assert.deepEqual(parent.children.map((e) => e.textContent), ['c:2', 'b:2']);
  assert.equal(parent.children[1], b, 'the element of b was kept');
  assert.equal(created, 3);
  assert.equal(cache.size, 2);
});

test('the statistics choice is remembered under skirmish.showStats, off when unknown or unreadable', () => {
  const storage = new FakeStorage();
  const stats = showStatsStore(storage);
  assert.equal(stats.get(), false);
  stats.set(true);
  assert.equal(storage.getItem('skirmish.showStats'), '1');
  assert.equal(showStatsStore(storage).get(), true, 'the next visit sees it');
  stats.set(false);
  assert.equal(storage.getItem('skirmish.showStats'), null);
  const broken = showStatsStore(new FakeStorage(true));
  assert.doesNotThrow(() => broken.set(true));
  assert.equal(broken.get(), false);
});
