/** Chat rules and logs: text validation (code points, control characters) and message logs bounded to 50. */

import { plainText } from './engine/messages.js';

export const CHAT_MAX_CHARS = 200;
export const CHAT_LOG_SIZE = 50;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Length in Unicode code points (what the server counts), not UTF-16 units. */
export function codePointLength(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function hasControlChars(text) {
  return CONTROL.test(text);
}

/** The text to send ({ok: true, text}: trimmed) or why not ({ok: false, error}). */
export function validateChat(raw) {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text.length === 0) return { ok: false, error: 'Type a message first.' };
  if (hasControlChars(text)) return { ok: false, error: 'Messages cannot contain control characters.' };
  const n = codePointLength(text);
  if (n > CHAT_MAX_CHARS) return { ok: false, error: `Messages are limited to ${CHAT_MAX_CHARS} characters (this one has ${n}).` };
  return { ok: true, text };
}

/** A `chat` push (or history entry) as the log keeps it, or null when it lacks what the log needs. */
export function chatEntry(m) {
  if (!m || typeof m !== 'object' || typeof m.text !== 'string') return null;
  const from = m.from && typeof m.from === 'object' ? m.from : {};
  return {
    id: typeof m.id === 'string' || Number.isFinite(m.id) ? m.id : null,
    channel: m.channel === 'room' ? 'room' : 'lobby',
    roomId: typeof m.roomId === 'string' ? m.roomId : null,
    from: { playerId: typeof from.playerId === 'string' ? from.playerId : null, nickname: plainText(from.nickname, '?') },
    text: m.text,
    at: Number.isFinite(m.at) ? m.at : null,
  };
}

/** A log from a `chatHistory` push: its last `max` valid messages, oldest first. */
export function chatFromHistory(messages, max = CHAT_LOG_SIZE) {
  const log = [];
  for (const m of Array.isArray(messages) ? messages : []) {
    const e = chatEntry(m);
    if (e && (e.id === null || !log.some((x) => x.id === e.id))) log.push(e);
  }
  return log.slice(-max);
}

/** The log with message m appended (ignored when invalid or its id is already there), cut to the last `max`. */
export function appendChat(log, m, max = CHAT_LOG_SIZE) {
  const e = chatEntry(m);
  if (!e || (e.id !== null && log.some((x) => x.id === e.id))) return log;
  const next = [...log, e];
  return next.length > max ? next.slice(next.length - max) : next;
}
