// Touch controls: stick offsets to button bits and aim angles, the two-stick state machine fed with synthetic
// touches (multi-touch, taps, the base following the finger), Controls with a fake canvas, and the help texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUTTONS } from '../js/games/arena/protocol.js';
import {
  stickButtons, stickAim, TouchSticks, TouchControls, STICK_RADIUS, MOVE_DEAD_ZONE, AIM_DEAD_ZONE, TAP_MAX_MS,
  TAP_FIRE_MS,
} from '../js/games/arena/touch.js';
import { Controls } from '../js/games/arena/input.js';
import {
  helpText, lobbyHelpText, touchHelpWanted, installHelp, KEYS_GAME_HELP, TOUCH_GAME_HELP, KEYS_LOBBY_HELP,
  TOUCH_LOBBY_HELP,
} from '../js/help.js';

const { UP, DOWN, LEFT, RIGHT, FIRE, ALT_FIRE } = BUTTONS;
const RECT = { left: 0, top: 0, width: 400, height: 800 }; // a portrait phone's canvas: x < 200 is the move side
const touch = (identifier, clientX, clientY) => ({ identifier, clientX, clientY });

test('stickButtons: eight directions around the clock, screen y downwards', () => {
  const r = 40;
  const at = (deg) => stickButtons(r * Math.cos((deg * Math.PI) / 180), r * Math.sin((deg * Math.PI) / 180), 10);
  assert.equal(at(0), RIGHT);
  assert.equal(at(45), RIGHT | DOWN);
  assert.equal(at(90), DOWN);
  assert.equal(at(135), DOWN | LEFT);
  assert.equal(at(180), LEFT);
  assert.equal(at(-180), LEFT);
  assert.equal(at(-135), LEFT | UP);
  assert.equal(at(-90), UP);
  assert.equal(at(-45), UP | RIGHT);
  // each direction owns 45 degrees: up to 22 degrees off straight right is still right
  assert.equal(at(22), RIGHT);
  assert.equal(at(-22), RIGHT);
  assert.equal(at(23), RIGHT | DOWN);
  assert.equal(at(67), RIGHT | DOWN);
  assert.equal(at(68), DOWN);
});

test('stickButtons: nothing inside the dead zone (or for nonsense)', () => {
  assert.equal(stickButtons(0, 0, 14), 0);
  assert.equal(stickButtons(14, 0, 14), 0, 'the dead zone includes its edge');
  assert.equal(stickButtons(9, -9, 14), 0);
  assert.equal(stickButtons(14.5, 0, 14), RIGHT);
  assert.equal(stickButtons(0, -15, 14), UP);
  assert.equal(stickButtons(NaN, 3, 14), 0);
  assert.equal(stickButtons(300, 0, 0), RIGHT, 'no upper limit');
});

test('stickAim: the drag direction in radians like Math.atan2 on screen, null in the dead zone', () => {
  assert.equal(stickAim(0, 0, 18), null);
  assert.equal(stickAim(10, 10, 18), null);
  assert.equal(stickAim(30, 0, 18), 0);
  assert.equal(stickAim(0, 30, 18), Math.PI / 2, 'down the screen');
  assert.equal(stickAim(-30, 0, 18), Math.PI);
  assert.equal(stickAim(0, -30, 18), -Math.PI / 2);
  assert.ok(Math.abs(stickAim(20, -20, 18) + Math.PI / 4) < 1e-12);
});

test('a touch in the left half moves, from where it came down, within the dead zone nothing', () => {
  const s = new TouchSticks();
  assert.equal(s.start(touch(1, 100, 600), RECT, 0), 'move');
  assert.equal(s.buttons(0), 0);
  s.moveTo(touch(1, 100 + MOVE_DEAD_ZONE - 1, 600));
  assert.equal(s.buttons(0), 0);
  s.moveTo(touch(1, 100 + 30, 600 - 30));
  assert.equal(s.buttons(0), UP | RIGHT);
  assert.equal(s.aim(), null, 'the move stick does not aim');
  s.moveTo(touch(1, 100, 650));
  assert.equal(s.buttons(0), DOWN);
  assert.equal(s.end(touch(1, 100, 650), 100), true);
  assert.equal(s.buttons(100), 0);
  assert.equal(s.active, false);
});

test('the half is taken from the surface rectangle, not the window', () => {
  const s = new TouchSticks();
  const rect = { left: 300, width: 400 };
  assert.equal(s.start(touch(1, 450, 10), rect, 0), 'move', 'x 450 is in the left half of 300..700');
  assert.equal(s.start(touch(2, 520, 10), rect, 0), 'aim');
});

test('a touch in the right half aims and holds FIRE while dragged out of its dead zone', () => {
  const s = new TouchSticks();
  assert.equal(s.start(touch(7, 300, 600), RECT, 0), 'aim');
  assert.equal(s.aim(), null);
  assert.equal(s.buttons(0), 0, 'no fire before a drag');
  s.moveTo(touch(7, 300 - AIM_DEAD_ZONE - 2, 600));
  assert.equal(s.aim(), Math.PI);
  assert.equal(s.buttons(10), FIRE);
  s.moveTo(touch(7, 300, 600 + 40));
  assert.equal(s.aim(), Math.PI / 2);
  assert.equal(s.buttons(20), FIRE);
  s.moveTo(touch(7, 305, 600));
  assert.equal(s.aim(), null, 'back in the dead zone: the last aim stays with the game');
  assert.equal(s.buttons(30), 0);
  s.end(touch(7, 305, 600), 40);
  assert.equal(s.buttons(2000), 0, 'a dragged touch is no tap');
});

test('both sticks at once, each following its own touch identifier', () => {
  const s = new TouchSticks();
  s.start(touch(3, 80, 700), RECT, 0);
  s.start(touch(4, 320, 700), RECT, 0);
  s.moveTo(touch(4, 320, 650)); // aim up
  s.moveTo(touch(3, 50, 700)); // move left
  assert.equal(s.buttons(5), LEFT | FIRE);
  assert.equal(s.aim(), -Math.PI / 2);
  s.end(touch(3, 50, 700), 10); // the thumb on the move side lifts; the aim stick keeps firing
  assert.equal(s.buttons(15), FIRE);
  s.moveTo(touch(4, 370, 650));
  assert.ok(Math.abs(s.aim() + Math.PI / 4) < 1e-12);
  s.end(touch(4, 370, 650), 20);
  assert.equal(s.buttons(25), 0);
});

test('a second touch on a side whose stick is held is ignored, and so are its moves and its lifting', () => {
  const s = new TouchSticks();
  s.start(touch(1, 100, 600), RECT, 0);
  assert.equal(s.start(touch(2, 150, 500), RECT, 0), null);
  assert.equal(s.moveTo(touch(2, 190, 500)), false);
  assert.equal(s.buttons(0), 0);
  assert.equal(s.end(touch(2, 190, 500), 10), false);
  s.moveTo(touch(1, 100, 560));
  assert.equal(s.buttons(10), UP, 'the first touch still steers');
  s.end(touch(1, 100, 560), 20);
  assert.equal(s.start(touch(5, 100, 600), RECT, 30), 'move', 'a free stick takes the next touch');
});

test('a quick tap on the aim side fires once: FIRE for at least two input steps and the tap time', () => {
  const s = new TouchSticks();
  s.start(touch(9, 300, 500), RECT, 1000);
  s.moveTo(touch(9, 303, 502)); // a little jitter stays a tap
  s.end(touch(9, 303, 502), 1000 + 120);
  assert.equal(s.aim(), null, 'the game keeps its last aim');
  const t0 = 1120;
  assert.equal(s.buttons(t0), FIRE);
  assert.equal(s.buttons(t0 + 1), FIRE, 'two steps even when they come at once');
  assert.equal(s.buttons(t0 + 2), FIRE, 'and until the tap time has passed');
  assert.equal(s.buttons(t0 + TAP_FIRE_MS), 0, 'then the shot is over');
  assert.equal(s.active, false);
});

test('a second finger on the aim side while aiming fires the rail once, along the aim (protocol 10)', () => {
  const s = new TouchSticks();
  s.start(touch(1, 300, 600), RECT, 0);
  s.moveTo(touch(1, 300, 600 - AIM_DEAD_ZONE - 5)); // aiming up, the blaster firing
  assert.equal(s.start(touch(2, 350, 400), RECT, 100), 'rail');
  assert.equal(s.buttons(100), FIRE | ALT_FIRE, 'the rail wins on the server when both are held');
  assert.equal(s.buttons(101), FIRE | ALT_FIRE, 'for two steps');
  assert.equal(s.buttons(100 + TAP_FIRE_MS), FIRE, 'then the blaster again');
  assert.equal(s.aim(), -Math.PI / 2, 'the aim is the stick\'s');
  s.end(touch(2, 350, 400), 150);
  assert.equal(s.buttons(200), FIRE, 'lifting the second finger changes nothing');
  s.end(touch(1, 300, 600 - AIM_DEAD_ZONE - 5), 300);
  assert.equal(s.start(touch(3, 300, 600), RECT, 400), 'aim', 'without an aim, a touch there aims');
});

test('at 60 Hz a tap holds FIRE for two steps', () => {
  const s = new TouchSticks();
  s.start(touch(1, 300, 500), RECT, 0);
  s.end(touch(1, 300, 500), 50);
  const held = [0, 1, 2, 3, 4, 5].map((i) => s.buttons(50 + i * (1000 / 60)) & FIRE);
  assert.deepEqual(held, [FIRE, FIRE, 0, 0, 0, 0]);
});

test('a long press, a cancelled touch or a touch on the move side is no tap', () => {
  const s = new TouchSticks();
  s.start(touch(1, 300, 500), RECT, 0);
  s.end(touch(1, 300, 500), TAP_MAX_MS + 1);
  assert.equal(s.buttons(TAP_MAX_MS + 1), 0, 'long press');
  s.start(touch(2, 300, 500), RECT, 1000);
  s.end(touch(2, 300, 500), 1010, true);
  assert.equal(s.buttons(1010), 0, 'cancelled');
  s.start(touch(3, 50, 500), RECT, 2000);
  s.end(touch(3, 50, 500), 2010);
  assert.equal(s.buttons(2010), 0, 'move side');
});

test('a drag past the ring pulls the base along, so that turning back steers at once', () => {
  const s = new TouchSticks();
  s.start(touch(1, 100, 600), RECT, 0);
  s.moveTo(touch(1, 100 + STICK_RADIUS + 100, 600)); // far right: the base is dragged to 100 px left of the finger
  assert.equal(s.move.ox, 100 + 100);
  assert.equal(s.buttons(0), RIGHT);
  s.moveTo(touch(1, 100 + 100 - 20, 600)); // 20 px left of the dragged base
  assert.equal(s.buttons(0), LEFT);
});

test('clear() lets go of the sticks and a pending tap', () => {
  const s = new TouchSticks();
  s.start(touch(1, 300, 500), RECT, 0);
  s.end(touch(1, 300, 500), 10);
  s.start(touch(2, 100, 500), RECT, 20);
  s.moveTo(touch(2, 100, 400));
  s.clear();
  assert.equal(s.buttons(20), 0);
  assert.equal(s.active, false);
});

/** A canvas stand-in that keeps its listeners and dispatches synthetic touch events to them. */
function fakeSurface() {
  const listeners = new Map();
  const appended = [];
  const el = () => ({ hidden: false, style: {}, className: '', children: [], setAttribute() {}, append(c) { this.children.push(c); } });
  const surface = {
    listeners,
    appended,
    ownerDocument: { createElement: el },
    parentElement: { append: (e) => appended.push(e) },
    getBoundingClientRect: () => RECT,
    addEventListener(type, fn, opts) { listeners.set(type, { fn, opts }); },
    removeEventListener(type) { listeners.delete(type); },
    fire(type, ...changed) {
      let prevented = false;
      listeners.get(type)?.fn({ changedTouches: changed, preventDefault: () => { prevented = true; } });
      return prevented;
    },
  };
  return surface;
}

test('TouchControls: non-passive listeners that prevent the default, and a base and knob per held stick', () => {
  const surface = fakeSurface();
  const tc = new TouchControls(surface);
  tc.attach();
  for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
    assert.equal(surface.listeners.get(type)?.opts?.passive, false, type);
  }
  assert.equal(tc.used, false);
  assert.equal(surface.fire('touchstart', touch(1, 100, 600)), true, 'no scrolling, zooming or mouse emulation');
  assert.equal(tc.used, true);
  assert.equal(surface.appended.length, 2, 'the overlays are made on the first touch');
  const [moveBase, aimBase] = surface.appended;
  assert.equal(moveBase.hidden, false);
  assert.equal(aimBase.hidden, true, 'only held sticks show');
  surface.fire('touchmove', touch(1, 100, 560));
  assert.equal(moveBase.style.transform, 'translate(100px, 600px)', 'the base stays where the thumb came down');
  assert.equal(moveBase.children[0].style.transform, 'translate(0px, -40px)', 'the knob is at the finger');
  assert.equal(tc.buttons(), UP);
  surface.fire('touchend', touch(1, 100, 560));
  assert.equal(moveBase.hidden, true);
  tc.detach();
  assert.equal(surface.listeners.size, 0);
});

test('Controls: touch buttons join the keys, aimAngle() while the aim stick is dragged, clear() lets go', () => {
  const surface = fakeSurface();
  const c = new Controls(surface);
  globalThis.window ??= { addEventListener() {}, removeEventListener() {} };
  c.attach();
  c.mouse = { x: 5, y: 5 };
  assert.equal(c.touchUsed, false);
  assert.equal(c.aimAngle(), null);
  surface.fire('touchstart', touch(1, 100, 600), touch(2, 300, 600));
  assert.equal(c.touchUsed, true);
  assert.equal(c.mouse, null, 'a touch forgets the mouse position: taps fire toward the last stick aim');
  surface.fire('touchmove', touch(1, 140, 600), touch(2, 300, 640));
  c.onKey({ code: 'KeyW', target: null, preventDefault() {} }, true);
  assert.equal(c.buttons(), UP | RIGHT | FIRE);
  assert.equal(c.aimAngle(), Math.PI / 2);
  c.setSuspended(true);
  assert.equal(c.buttons(), 0);
  assert.equal(c.aimAngle(), null, 'typing: no aim either');
  c.setSuspended(false);
  assert.equal(c.buttons(), 0, 'suspending let go of the touches');
  surface.fire('touchstart', touch(3, 300, 600));
  surface.fire('touchmove', touch(3, 360, 600));
  assert.equal(c.aimAngle(), 0);
  c.clear();
  assert.equal(c.aimAngle(), null);
  c.detach();
  assert.equal(surface.listeners.size, 0);
});

test('help texts follow the input: touch for coarse pointers or after a touch, keys after a key press', () => {
  assert.equal(helpText(false), KEYS_GAME_HELP);
  assert.equal(helpText(true), TOUCH_GAME_HELP);
  assert.equal(lobbyHelpText(false), KEYS_LOBBY_HELP);
  assert.equal(lobbyHelpText(true), TOUCH_LOBBY_HELP);
  assert.match(helpText(false), /WASD/);
  assert.doesNotMatch(helpText(true), /WASD|mouse|Tab/);
  assert.match(helpText(true), /thumb/);
  assert.match(helpText(true), /Leave/);
  assert.ok(helpText(true).length <= 80, 'short enough for two lines on a phone');
  assert.equal(touchHelpWanted(false, null), false);
  assert.equal(touchHelpWanted(true, null), true);
  assert.equal(touchHelpWanted(false, 'touch'), true);
  assert.equal(touchHelpWanted(false, 'keys'), false);
  assert.equal(touchHelpWanted(true, 'touch'), true);
  assert.equal(helpText(false, 'the page says'), 'the page says', 'the keyboard text comes from the page');
  assert.equal(lobbyHelpText(true, 'the page says'), TOUCH_LOBBY_HELP);
});

test('installHelp: the page\'s key help until a touch (or on a coarse pointer), back to keys after a key press', () => {
  const el = (text) => ({ textContent: text });
  const game = el('keys in game');
  const lobby = el('keys in lobby');
  const doc = {
    body: { dataset: {} },
    querySelectorAll: (sel) => ({ '.hud-help': [game], '.keys': [lobby] })[sel] ?? [],
  };
  const listeners = {};
  const media = { matches: false, addEventListener: (type, fn) => { listeners.media = fn; } };
  const win = { matchMedia: () => media, addEventListener: (type, fn) => { listeners[type] = fn; } };
  installHelp(doc, win);
  assert.equal(doc.body.dataset.input, 'keys');
  assert.equal(game.textContent, 'keys in game');
  listeners.touchstart({});
  assert.equal(doc.body.dataset.input, 'touch');
  assert.equal(game.textContent, TOUCH_GAME_HELP);
  assert.equal(lobby.textContent, TOUCH_LOBBY_HELP);
  listeners.keydown({ target: { tagName: 'INPUT' } });
  assert.equal(doc.body.dataset.input, 'touch', 'typing in a field is no switch');
  listeners.keydown({ target: { tagName: 'CANVAS' } });
  assert.equal(game.textContent, 'keys in game');
  assert.equal(lobby.textContent, 'keys in lobby');
  media.matches = true; // e.g. a tablet's keyboard detached: a key press no longer counts, the pointer does
  listeners.touchstart({});
  listeners.keydown({ target: null });
  assert.equal(doc.body.dataset.input, 'touch');
});
