/** Small wrappers over Web Storage: the session token, the nickname and a private room's code, never throwing. */

export const TOKEN_KEY = 'skirmish.token';
export const NICKNAME_KEY = 'skirmish.nickname';
export const ROOM_CODE_KEY = 'skirmish.roomCode';
export const SHOW_STATS_KEY = 'skirmish.showStats';
export const MUTED_KEY = 'skirmish.muted';

/** window.sessionStorage / localStorage, or null where the browser refuses them (privacy settings). */
export function browserStorage(name) {
  try {
    const s = globalThis[name];
    return s && typeof s.getItem === 'function' ? s : null;
  } catch {
    return null;
  }
}

/** A single string value under key in storage (anything with getItem/setItem/removeItem, or null). */
export function storedString(storage, key) {
  return Object.freeze({
    get() {
      try {
        const v = storage ? storage.getItem(key) : null;
        return typeof v === 'string' && v.length > 0 ? v : null;
      } catch {
        return null;
      }
    },
    set(value) {
      if (typeof value !== 'string' || value.length === 0) {
        this.clear();
        return;
      }
      try { storage?.setItem(key, value); } catch { /* full or refused: not remembered */ }
    },
    clear() {
      try { storage?.removeItem(key); } catch { /* refused */ }
    },
  });
}

/** The session token of the lobby (sessionStorage 'skirmish.token' in the browser). */
export function tokenStore(storage = browserStorage('sessionStorage')) {
  return storedString(storage, TOKEN_KEY);
}

/** The code of the private room we sit in, {roomId, code}, so a reload can still rejoin and show it. */
export function roomCodeStore(storage = browserStorage('sessionStorage')) {
  const raw = storedString(storage, ROOM_CODE_KEY);
  return Object.freeze({
    get(roomId) {
      try {
        const v = JSON.parse(raw.get() ?? 'null');
        return v && v.roomId === roomId && typeof v.code === 'string' ? v.code : null;
      } catch {
        return null;
      }
    },
    set(roomId, code) {
      if (typeof roomId === 'string' && typeof code === 'string' && code) raw.set(JSON.stringify({ roomId, code }));
      else raw.clear();
    },
    clear: () => raw.clear(),
  });
}

/** Whether the player turned the network statistics on (localStorage 'skirmish.showStats'), remembered. */
export function showStatsStore(storage = browserStorage('localStorage')) {
  const raw = storedString(storage, SHOW_STATS_KEY);
  return Object.freeze({
    get: () => raw.get() === '1',
    set: (on) => raw.set(on ? '1' : ''),
  });
}

/** Whether the player muted the game sounds (localStorage 'skirmish.muted'), remembered. */
export function mutedStore(storage = browserStorage('localStorage')) {
  const raw = storedString(storage, MUTED_KEY);
  return Object.freeze({
    get: () => raw.get() === '1',
    set: (on) => raw.set(on ? '1' : ''),
  });
}
