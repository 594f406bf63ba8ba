/**
 * Control help that follows the input method: the keyboard and mouse texts on desktops, the touch texts on
 * devices with a coarse pointer or once the screen was touched (a key press goes back to the keyboard texts
 * where the pointer is fine). body[data-input] says which ('touch' or 'keys') for the style sheet. The keyboard
 * texts on the page are the ones in index.html (the constants below are the same texts, for tests and defaults).
 */

export const KEYS_GAME_HELP = 'WASD move · mouse aim · click fire · right-click/E rail · Tab scores · Enter chat · I stats · M mute · Esc leave';
export const TOUCH_GAME_HELP = 'Left thumb moves · right thumb aims & fires · 2nd finger rail · Leave: tap twice';
export const KEYS_LOBBY_HELP = 'WASD / arrows move · mouse aims · click or space fires · right-click or E: rail · hold Tab for scores · Enter chats';
export const TOUCH_LOBBY_HELP = 'In game: left thumb moves · right thumb aims and fires · a second finger fires the rail';

/** The game being played's own help lines ({keys, touch}), null for the arena's (the page's). */
let gameHelp = null;
let refresh = () => {};

/** The in-game help line for touch (true) or keyboard and mouse (false; keysText, the page's key help). */
export function helpText(touch, keysText = KEYS_GAME_HELP) {
  if (gameHelp) return touch ? gameHelp.touch : gameHelp.keys;
  return touch ? TOUCH_GAME_HELP : keysText;
}

/** The game's own help lines from now on ({keys, touch}; null: the arena's). */
export function useGameHelp(help) {
  gameHelp = help ?? null;
  refresh();
}

/** The lobby's controls line for touch (true) or keyboard and mouse (false; keysText, the page's). */
export function lobbyHelpText(touch, keysText = KEYS_LOBBY_HELP) {
  return touch ? TOUCH_LOBBY_HELP : keysText;
}

/** Whether to show touch help: a coarse (finger) pointer, or the last input was a touch. */
export function touchHelpWanted(coarsePointer, lastInput) {
  return lastInput === 'touch' || (lastInput !== 'keys' && Boolean(coarsePointer));
}

/**
 * Keeps the help texts (elements .hud-help and .keys of doc) and body[data-input] in line with the input in use.
 * @param {Document} doc
 * @param {Window} win
 */
export function installHelp(doc, win) {
  const coarse = win.matchMedia ? win.matchMedia('(pointer: coarse)') : null;
  let lastInput = null; // 'touch' or 'keys' once either was used
  // each help element with the keyboard text it has in the page
  const lines = [
    ...[...doc.querySelectorAll('.hud-help')].map((el) => ({ el, text: helpText, keys: el.textContent })),
    ...[...doc.querySelectorAll('.keys')].map((el) => ({ el, text: lobbyHelpText, keys: el.textContent })),
  ];
  const update = () => {
    const touch = touchHelpWanted(coarse?.matches, lastInput);
    doc.body.dataset.input = touch ? 'touch' : 'keys';
    for (const { el, text, keys } of lines) {
      const want = text(touch, keys);
      if (el.textContent !== want) el.textContent = want;
    }
  };
  const use = (input) => {
    if (lastInput === input) return;
    lastInput = input;
    update();
  };
  win.addEventListener('touchstart', () => use('touch'), { capture: true, passive: true });
  win.addEventListener('keydown', (e) => {
    // typing into a field says nothing about the game's controls (phones have on-screen keyboards)
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (!coarse?.matches) use('keys');
  }, { capture: true });
  coarse?.addEventListener?.('change', update);
  refresh = update;
  update();
}
