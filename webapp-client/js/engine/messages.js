/** Human-readable texts for lobby error codes and game-stream close codes. */

import { closeCodeName } from './wire.js';

const ERROR_TEXT = Object.freeze({
  BAD_JSON: 'The server could not read our message.',
  UNKNOWN_TYPE: 'The server did not understand that request.',
  BAD_MESSAGE: 'That request was malformed.',
  HELLO_REQUIRED: 'Not signed in yet. Please try again.',
  ALREADY_GREETED: 'Already signed in on this connection.',
  PROTOCOL_MISMATCH: 'This page is out of date with the server. Please reload.',
  INVALID_NICKNAME: 'Nicknames need 1 to 16 characters and no control characters.',
  INVALID_ROOM_NAME: 'Room names need 1 to 32 characters and no control characters.',
  INVALID_CAPACITY: 'That room size is not allowed on this server.',
  ROOM_NOT_FOUND: 'That room no longer exists.',
  ROOM_FULL: 'That room is full.',
  TOO_MANY_ROOMS: 'The server runs as many rooms as it can. Join an existing one.',
  NOT_IN_ROOM: 'You are not in a room.',
  INVALID_TOKEN: 'Your saved session was not accepted; signing in afresh.',
  TOKEN_EXPIRED: 'Your saved session has expired; signing in afresh.',
  INVALID_CHAT: 'Messages need 1 to 200 characters and no control characters.',
  CHAT_RATE_LIMITED: 'You are sending messages too fast. Wait a moment.',
  RATE_LIMITED: 'Too many requests at once. Wait a moment and try again.',
  SHUTTING_DOWN: 'The server is restarting. Try again in a few seconds.',
  ROOM_LOST: 'The server that ran this room went down, so its match was lost.',
});

const CLOSE_TEXT = Object.freeze({
  1000: 'You left the room.',
  1001: 'The room closed or the server is shutting down.',
  1002: 'Protocol error.',
  1003: 'The server refused data it does not support.',
  1005: 'The connection closed without a status.',
  1006: 'The connection was lost.',
  1007: 'The server refused a malformed frame.',
  1008: 'The server closed the connection for breaking a limit (too many messages).',
  1009: 'A frame was too big for the server.',
  1011: 'The server hit an internal error.',
  1013: 'The server is busy. Try again later.',
  4000: 'The join ticket was refused (missing, used or expired).',
  4001: 'The room does not exist.',
  4002: 'The connection was too slow to keep up.',
  4003: 'The server stopped hearing from this browser (heartbeat timeout).',
  4004: 'Disconnected after a long time without activity.',
  4005: 'Too many connections from this network address. Close other tabs and try again.',
  4006: 'The room filled up before you got in.',
  4007: 'The room moved to another server.',
  4008: 'That replay is no longer on the server.',
});

/**
 * A value from the wire as text: strings as they are, numbers and booleans spelled out, anything else (an
 * object, null, a missing field) the fallback. Never throws, unlike String() on an object whose toString is
 * not a function.
 */
export function plainText(value, fallback = '') {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
}

/** Text for a lobby error {code, message}: the known meaning of the code, else the server's message. */
export function errorText(code, serverMessage = '') {
  // a drained server (operator's console) answers SHUTTING_DOWN too, with its own words: it is not restarting
  if (code === 'SHUTTING_DOWN' && /no new games/.test(plainText(serverMessage))) return plainText(serverMessage);
  if (typeof code === 'string' && Object.hasOwn(ERROR_TEXT, code)) return ERROR_TEXT[code];
  return plainText(serverMessage) || `Error ${plainText(code, '?')}`;
}

/** The text of a close code alone (e.g. for a status line), or a generic one for an unknown code. */
export function closeMessage(code) {
  return CLOSE_TEXT[code] ?? 'The connection closed.';
}

/** One line describing a close: "4000 BAD_TICKET: The join ticket was refused… (reason)". */
export function closeText(code, reason = '') {
  if (code === 1008 && /^removed by an operator/.test(reason ?? '')) return 'An operator removed you from the room.';
  const name = closeCodeName(code);
  const head = name ? `${code} ${name}` : `${code}`;
  const text = closeMessage(code);
  return reason ? `${head}: ${text} (${reason})` : `${head}: ${text}`;
}
