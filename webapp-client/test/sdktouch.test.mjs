// The SDK's touch helpers (engine/touch.js): sectors and sides, the virtual stick's dead zone, vector, base and
// pointer ids, taps, the swipe and tap recogniser, and the DOM bindings with stand-in elements and events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  pointerIdOf, sideOf, sector, stickAngle, Stick, StickOverlay, TouchSurface, Gestures, GestureSurface, TouchButton,
} from '../js/engine/touch.js';

const touch = (identifier, clientX, clientY) => ({ identifier, clientX, clientY });
const pointer = (pointerId, clientX, clientY, pointerType = 'touch') => ({ pointerId, clientX, clientY, pointerType });
const RECT = { left: 100, top: 0, width: 400, height: 800 };

/** An element stand-in that keeps its listeners (with their options) and dispatches events to them. */
function fakeElement() {
  const appended = [];
  const el = () => ({ hidden: false, style: {}, className: '', children: [], setAttribute() {}, append(c) { this.children.push(c); } });
  return {
    listeners: new Map(),
    appended,
    captured: [],
    ownerDocument: { createElement: el },
    parentElement: { append: (e) => appended.push(e) },
    getBoundingClientRect: () => RECT,
    setPointerCapture(id) { this.captured.push(id); },
    addEventListener(type, fn, opts) { this.listeners.set(type, { fn, opts }); },
    removeEventListener(type) { this.listeners.delete(type); },
    fire(type, event) {
      let prevented = false;
      this.listeners.get(type)?.fn({ ...event, preventDefault: () => { prevented = true; } });
      return prevented;
    },
  };
}

test('pointerIdOf and sideOf: a touch\'s identifier or a pointer\'s id; halves of the surface rectangle', () => {
  assert.equal(pointerIdOf(touch(4, 0, 0)), 4);
  assert.equal(pointerIdOf(pointer(9, 0, 0)), 9);
  assert.equal(pointerIdOf(touch(0, 0, 0)), 0, 'id 0 is an id');
  assert.equal(sideOf(100, RECT), -1);
  assert.equal(sideOf(299, RECT), -1);
  assert.equal(sideOf(300, RECT), 1, 'the middle is the right half');
  assert.equal(sideOf(250, { left: 300, width: 400 }), -1, 'left of the surface counts as left');
});

test('sector: four and eight directions clockwise from right, the dead zone\'s edge and NaN give -1', () => {
  assert.deepEqual([[30, 0], [0, 30], [-30, 0], [0, -30]].map(([x, y]) => sector(x, y, 10, 4)), [0, 1, 2, 3]);
  assert.deepEqual([[30, 0], [30, 30], [0, 30], [-30, 30], [-30, 0], [-30, -30], [0, -30], [30, -30]]
    .map(([x, y]) => sector(x, y, 10, 8)), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(sector(30, 29, 0, 4), 0, 'just under the diagonal: right');
  assert.equal(sector(30, 30, 0, 4), 1, 'a tie goes clockwise');
  assert.equal(sector(30, -30, 0, 4), 0, 'a tie goes clockwise (up-right: right)');
  assert.equal(sector(10, 0, 10, 4), -1, 'the dead zone includes its edge');
  assert.equal(sector(10.5, 0, 10, 4), 0);
  assert.equal(sector(0, 0), -1);
  assert.equal(sector(NaN, 1, 0), -1);
  assert.equal(stickAngle(0, 30, 18), Math.PI / 2);
  assert.equal(stickAngle(10, 10, 18), null);
});

test('Stick: nothing inside the dead zone; then a vector scaled by the radius, a sector and an angle', () => {
  const s = new Stick({ radius: 50, deadZone: 10 });
  assert.deepEqual(s.vector(), { x: 0, y: 0 }, 'not held');
  assert.equal(s.sector(), -1);
  assert.equal(s.angle(), null);
  assert.equal(s.offset(), null);
  assert.equal(s.start(touch(1, 200, 300), 0), true);
  s.move(touch(1, 208, 300));
  assert.deepEqual(s.offset(), { dx: 8, dy: 0 });
  assert.deepEqual(s.vector(), { x: 0, y: 0 }, 'in the dead zone');
  assert.equal(s.sector(4), -1);
  s.move(touch(1, 200, 310));
  assert.deepEqual(s.vector(), { x: 0, y: 0 }, 'on its edge');
  s.move(touch(1, 225, 300));
  assert.deepEqual(s.vector(), { x: 0.5, y: 0 });
  assert.equal(s.sector(4), 0);
  s.move(touch(1, 200, 260));
  assert.deepEqual(s.vector(), { x: 0, y: -0.8 });
  assert.equal(s.sector(4), 3);
  assert.equal(s.angle(), -Math.PI / 2);
});

test('Stick: a drag past the radius pulls the base along, so turning back steers at once', () => {
  const s = new Stick({ radius: 50, deadZone: 10 });
  s.start(touch(1, 200, 300), 0);
  s.move(touch(1, 400, 300));
  assert.equal(s.held.ox, 350);
  assert.deepEqual(s.vector(), { x: 1, y: 0 });
  s.move(touch(1, 330, 300));
  assert.equal(s.sector(4), 2, 'left of the dragged base');
});

test('Stick: one pointer at a time, told apart by id (multi-touch); other pointers\' moves and ends are not its', () => {
  const s = new Stick({ deadZone: 10 });
  assert.equal(s.start(touch(3, 200, 300), 0), true);
  assert.equal(s.start(touch(4, 100, 100), 0), false, 'a second finger is refused');
  assert.equal(s.move(touch(4, 0, 100)), false);
  assert.equal(s.owns(touch(4, 0, 0)), false);
  assert.equal(s.held.x, 200, 'untouched by the other finger');
  assert.equal(s.end(touch(4, 0, 100), 10), false);
  assert.ok(s.held, 'still held');
  assert.equal(s.move(touch(3, 200, 340)), true);
  assert.equal(s.sector(4), 1);
  assert.equal(s.end(touch(3, 200, 340), 20), 'release');
  assert.equal(s.held, null);
  assert.equal(s.start(pointer(4, 50, 50), 30), true, 'free again; pointer events work as well');
  assert.equal(s.move(pointer(4, 50, 80)), true);
  assert.equal(s.sector(4), 1);
});

test('Stick: a short touch that stays in the dead zone is a tap; a long, dragged or cancelled one is not', () => {
  const s = new Stick({ deadZone: 10, tapMaxMs: 300 });
  s.start(touch(1, 0, 0), 1000);
  s.move(touch(1, 4, 3));
  assert.equal(s.end(touch(1, 4, 3), 1300), 'tap');
  s.start(touch(1, 0, 0), 2000);
  assert.equal(s.end(touch(1, 0, 0), 2301), 'release', 'too long');
  s.start(touch(1, 0, 0), 3000);
  s.move(touch(1, 20, 0));
  s.move(touch(1, 0, 0)); // back in the dead zone: it was dragged all the same
  assert.equal(s.end(touch(1, 0, 0), 3050), 'release', 'dragged');
  s.start(touch(1, 0, 0), 4000);
  assert.equal(s.end(touch(1, 0, 0), 4010, true), 'release', 'cancelled');
  s.start(touch(1, 0, 0), 5000);
  s.clear();
  assert.equal(s.held, null);
  assert.equal(s.end(touch(1, 0, 0), 5010), false, 'cleared: nothing to end');
});

test('StickOverlay: a base and knob in the surface\'s parent, shown at the base with the knob at the finger', () => {
  const surface = fakeElement();
  const o = new StickOverlay(surface, 'touch-move');
  assert.equal(surface.appended.length, 1);
  assert.equal(o.base.className, 'touch-stick touch-move');
  assert.equal(o.base.children[0], o.knob);
  assert.equal(o.base.hidden, true);
  o.place({ ox: 10, oy: 20, x: 40, y: 0 });
  assert.equal(o.base.hidden, false);
  assert.equal(o.base.style.transform, 'translate(10px, 20px)');
  assert.equal(o.knob.style.transform, 'translate(30px, -20px)');
  o.place(null);
  assert.equal(o.base.hidden, true);
});

test('TouchSurface: non-passive listeners that prevent the default; every changed touch, the rect, use and change', () => {
  const surface = fakeElement();
  const log = [];
  const ts = new TouchSurface(surface, {
    start: (t, now, rect) => log.push(['start', t.identifier, rect === RECT, typeof now]),
    move: (t) => log.push(['move', t.identifier]),
    end: (t, now, cancelled) => log.push(['end', t.identifier, cancelled]),
    use: () => log.push(['use']),
    change: () => log.push(['change']),
  });
  ts.attach();
  for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
    assert.equal(surface.listeners.get(type).opts.passive, false, type);
  }
  assert.equal(ts.used, false);
  assert.equal(surface.fire('touchstart', { changedTouches: [touch(1, 0, 0), touch(2, 0, 0)] }), true);
  assert.equal(ts.used, true);
  surface.fire('touchmove', { changedTouches: [touch(2, 5, 0)] });
  surface.fire('touchend', { changedTouches: [touch(1, 0, 0)] });
  surface.fire('touchcancel', { changedTouches: [touch(2, 5, 0)] });
  assert.deepEqual(log, [
    ['use'], ['start', 1, true, 'number'], ['start', 2, true, 'number'], ['change'],
    ['move', 2], ['change'], ['end', 1, false], ['change'], ['end', 2, true], ['change'],
  ]);
  ts.detach();
  assert.equal(surface.listeners.size, 0);
});

test('Gestures: a swipe from its threshold on, in four directions; a tap within its slop and time; else nothing', () => {
  const g = new Gestures({ swipeMinPx: 30, tapSlopPx: 10, tapMaxMs: 300 });
  const gesture = (dx, dy, ms = 100, id = 1) => {
    g.start(touch(id, 200, 200), 0);
    return g.end(touch(id, 200 + dx, 200 + dy), ms);
  };
  assert.equal(gesture(29, 0), null, 'just short of a swipe, too far for a tap');
  assert.deepEqual(gesture(30, 0), { type: 'swipe', direction: 0, dx: 30, dy: 0, x: 200, y: 200 });
  assert.equal(gesture(5, 40).direction, 1, 'down');
  assert.equal(gesture(-40, -5).direction, 2, 'left');
  assert.equal(gesture(10, -40, 5000).direction, 3, 'up, however slow');
  assert.deepEqual(gesture(3, -4), { type: 'tap', x: 200, y: 200 });
  assert.deepEqual(gesture(6, 8).type, 'tap', 'the slop includes its edge');
  assert.equal(gesture(0, 0, 301), null, 'a long press is no tap');
  assert.equal(g.end(touch(9, 0, 0), 0), null, 'a pointer that never came down');
});

test('Gestures: several pointers at once are told apart by id; a cancelled pointer is forgotten', () => {
  const g = new Gestures();
  g.start(touch(1, 0, 0), 0);
  g.start(touch(2, 500, 500), 0);
  g.start(pointer(3, 100, 100), 0);
  assert.deepEqual(g.end(touch(2, 500, 560), 50), { type: 'swipe', direction: 1, dx: 0, dy: 60, x: 500, y: 500 });
  g.cancel(pointer(3, 100, 100));
  assert.equal(g.end(pointer(3, 100, 100), 60), null);
  assert.deepEqual(g.end(touch(1, -50, 0), 70).direction, 2, 'the first finger, from where it came down');
  assert.equal(g.down.size, 0);
});

test('GestureSurface: press at once on pointerdown, then a tap or a swipe; the mouse only when asked', () => {
  const el = fakeElement();
  const log = [];
  const gs = new GestureSurface(el, {
    press: (e) => log.push(['press', e.pointerId]),
    tap: (g) => log.push(['tap', g.x]),
    swipe: (g) => log.push(['swipe', g.direction]),
  });
  gs.attach();
  el.fire('pointerdown', pointer(1, 10, 10));
  assert.deepEqual(log, [['press', 1]], 'before the finger lifts');
  el.fire('pointerup', pointer(1, 12, 10));
  el.fire('pointerdown', pointer(2, 10, 10));
  el.fire('pointerup', pointer(2, 10, 100));
  el.fire('pointerdown', pointer(3, 10, 10));
  el.fire('pointercancel', pointer(3, 10, 10));
  el.fire('pointerup', pointer(3, 10, 10));
  el.fire('pointerdown', pointer(4, 10, 10, 'mouse'));
  el.fire('pointerup', pointer(4, 10, 10, 'mouse'));
  assert.deepEqual(log, [['press', 1], ['tap', 10], ['press', 2], ['swipe', 1], ['press', 3]]);
  gs.detach();
  assert.equal(el.listeners.size, 0);
  const mouse = [];
  const el2 = fakeElement();
  new GestureSurface(el2, { press: (e) => mouse.push(e.pointerType), mouse: true }).attach();
  el2.fire('pointerdown', pointer(1, 0, 0, 'mouse'));
  assert.deepEqual(mouse, ['mouse']);
});

test('TouchButton: held while any pointer presses it; down on the first, up when the last lifts', () => {
  const el = fakeElement();
  const log = [];
  const b = new TouchButton(el, { down: () => log.push('down'), up: () => log.push('up') });
  b.attach();
  assert.equal(b.held, false);
  assert.equal(el.fire('pointerdown', pointer(1, 0, 0)), true, 'no emulated mouse or focus');
  el.fire('pointerdown', pointer(2, 0, 0));
  assert.deepEqual(el.captured, [1, 2]);
  assert.equal(b.held, true);
  el.fire('pointerup', pointer(1, 0, 0));
  assert.equal(b.held, true, 'the second finger still holds it');
  el.fire('pointerup', pointer(7, 0, 0)); // never pressed here
  el.fire('pointercancel', pointer(2, 0, 0));
  assert.equal(b.held, false);
  assert.deepEqual(log, ['down', 'up']);
  el.fire('pointerdown', pointer(3, 0, 0));
  el.fire('lostpointercapture', pointer(3, 0, 0));
  assert.deepEqual(log, ['down', 'up', 'down', 'up']);
  el.fire('pointerdown', pointer(4, 0, 0));
  b.detach();
  assert.equal(b.held, false);
  assert.deepEqual(log.slice(-2), ['down', 'up'], 'detaching lets go');
  assert.equal(el.listeners.size, 0);
});
