// Renderer zoom and camera: never more of the map than the welcome's view size around the player.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  viewScale, cameraAxis, edgeArrows, FAIR_VIEW_SHARE, layoutMarkers, boxesOverlap, Renderer, MARKER_LIFETIME_MS,
} from '../js/games/arena/render.js';
import { FLAGS } from '../js/games/arena/protocol.js';
import { seeded } from './support.mjs';

test('fair view: every window shows the same area of the map, never more than the view size', () => {
  assert.equal(viewScale(950, 950), 1, 'the usual zoom before a welcome');
  assert.equal(viewScale(3000, 2000), 1.6, 'capped before a welcome');
  const area = 1600 * 1000 * FAIR_VIEW_SHARE;
  for (const [w, h] of [[800, 600], [1280, 800], [1920, 1080], [3840, 2160], [1600, 1200], [1366, 768]]) {
    const s = viewScale(w, h, 1600, 1000);
    assert.ok(w / s <= 1600 + 1e-9 && h / s <= 1000 + 1e-9, `${w}x${h} shows ${w / s}x${h / s}`);
    assert.ok(Math.abs((w / s) * (h / s) - area) / area < 1e-9, `${w}x${h} shows ${(w / s) * (h / s)} square units`);
  }
  // the same shape shows the same width: 800 x 600 and 1600 x 1200 see 1,265 x 949 units
  assert.ok(Math.abs(800 / viewScale(800, 600, 1600, 1000) - 1600 / viewScale(1600, 1200, 1600, 1000)) < 1e-9);
  // a very wide or very tall window is held to the box: it sees less, never more
  for (const [w, h] of [[5120, 1440], [390, 844], [1000, 1000], [1000, 3000]]) {
    const s = viewScale(w, h, 1600, 1000);
    assert.ok((w / s) * (h / s) < area, `${w}x${h}`);
    assert.ok(w / s <= 1600 + 1e-9 && h / s <= 1000 + 1e-9);
  }
});

test('a portrait window gets the box upright and sees the area a landscape window sees, within 10%', () => {
  const seen = (w, h) => {
    const [vw, vh] = h > w ? [1000, 1600] : [1600, 1000]; // the box the server sends after VIEW
    const s = viewScale(w, h, vw, vh);
    return { w: w / s, h: h / s, area: (w / s) * (h / s) };
  };
  const desktop = seen(1280, 800);
  for (const [w, h] of [[390, 844], [844, 390], [412, 915], [768, 1024], [600, 800]]) {
    const v = seen(w, h);
    assert.ok(Math.abs(v.area - desktop.area) / desktop.area < 0.1, `${w}x${h} sees ${Math.round(v.w)}x${Math.round(v.h)}`);
    assert.ok(Math.max(v.w, v.h) <= 1600 + 1e-9 && Math.min(v.w, v.h) <= 1000 + 1e-9, 'within the box sent');
  }
  // before protocol's VIEW a portrait phone saw 462 x 1,000 units: 38% of the area
  const old = viewScale(390, 844, 1600, 1000);
  assert.ok((390 / old) * (844 / old) / desktop.area < 0.4);
});

test('the camera keeps the view box around the player on screen only', () => {
  // a big map: follows the player, clamped 160 units beyond a border
  assert.equal(cameraAxis(2000, 4000, 500), 2000);
  assert.equal(cameraAxis(100, 4000, 500), 340);
  // with a view box of 1000 and 500 visible either side, the camera stays on the player
  assert.equal(cameraAxis(100, 4000, 500, 1000), 100);
  // 400 visible either side: it may drift 100 units towards the map
  assert.equal(cameraAxis(100, 4000, 400, 1000), 200);
  // a small map is centred, unless that shows beyond the box
  assert.equal(cameraAxis(150, 300, 400), 150);
  assert.equal(cameraAxis(20, 300, 400, 1000), 120);
  for (const t of [0, 50, 1234, 3999]) {
    for (const half of [200, 450, 500]) {
      const c = cameraAxis(t, 4000, half, 1000);
      assert.ok(c - half >= t - 500 - 1e-9 && c + half <= t + 500 + 1e-9, `t ${t} half ${half}: camera ${c}`);
    }
  }
});

test('edge arrows point from the screen centre to off-screen players, brighter when nearer', () => {
  const camera = { x: 1000, y: 1000 };
  // 800 x 600 CSS pixels at 0.5 pixels per unit: the screen shows 1,600 x 1,200 units around the camera
  const arrows = edgeArrows([
    { x: 1100, y: 1000 }, // on screen: no arrow
    { x: 3000, y: 1000 }, // right, 2.5 half-screens away
    { x: 1000, y: -500 }, // above, 2.5 half-screens
    { x: 9000, y: 9000 }, // far down-right
  ], camera, 800, 600, 0.5, 28);
  assert.equal(arrows.length, 3);
  const [right, up, far] = arrows;
  assert.deepEqual([right.x, right.y], [800 - 28, 300]);
  assert.equal(right.angle, 0);
  assert.deepEqual([up.x, up.y], [400, 28]);
  assert.equal(up.angle, -Math.PI / 2);
  assert.ok(far.x <= 800 - 28 + 1e-9 && far.y <= 600 - 28 + 1e-9 && (far.x > 771 || far.y > 571), 'on the edge');
  assert.ok(right.alpha > far.alpha && far.alpha === 0.35, `${right.alpha} ${far.alpha}`);
});


/** Asserts that no two of boxes overlap and none overlaps an obstacle. */
function assertNoOverlap(boxes, obstacles, what) {
  boxes.forEach((a, i) => {
    boxes.forEach((b, j) => assert.ok(i === j || !boxesOverlap(a, b), `${what}: boxes ${i} and ${j}`));
    obstacles.forEach((o, j) => assert.ok(!boxesOverlap(a, o), `${what}: box ${i} and label ${j}`));
  });
}

test('box overlap: sharing area overlaps, touching edges do not', () => {
  const a = { x: 0, y: 0, w: 10, h: 10 };
  assert.ok(boxesOverlap(a, { x: 9, y: 9, w: 10, h: 10 }));
  assert.ok(boxesOverlap(a, { x: 2, y: 2, w: 2, h: 2 }), 'inside');
  assert.ok(!boxesOverlap(a, { x: 10, y: 0, w: 10, h: 10 }));
  assert.ok(!boxesOverlap(a, { x: 0, y: -10, w: 10, h: 10 }));
});

test('marker texts at one point stack up, clear of each other and of the names', () => {
  // ten "-25" at the same point, right where a name label is, with two more labels above it
  const labels = [
    { x: 80, y: 180, w: 60, h: 27 },
    { x: 90, y: 120, w: 120, h: 27 },
    { x: 300, y: 170, w: 60, h: 27 }, // elsewhere: must not matter
  ];
  const wanted = Array.from({ length: 10 }, () => ({ x: 95, y: 190, w: 30, h: 18 }));
  const placed = layoutMarkers(wanted, labels);
  assert.equal(placed.length, 10);
  assertNoOverlap(placed, labels, 'ten at one point');
  placed.forEach((b, i) => {
    assert.ok(b.x === 95 && b.w === 30 && b.h === 18 && b.y <= 190, 'only moved up');
    if (i > 0) assert.ok(b.y < placed[i - 1].y, 'each above the one before');
  });
  assert.ok(placed[0].y + 18 <= 180 && placed[0].y > 180 - 18 - 3, 'the first goes just above the label');
  assert.deepEqual(wanted[0], { x: 95, y: 190, w: 30, h: 18 }, 'inputs unchanged');
  // a text with room stays where it wanted to be
  assert.deepEqual(layoutMarkers([{ x: 500, y: 500, w: 30, h: 18 }], labels), [{ x: 500, y: 500, w: 30, h: 18 }]);
  assert.deepEqual(layoutMarkers([], labels), []);
});

test('marker layout: no overlaps for dense random scenes', () => {
  const random = seeded(42);
  for (let scene = 0; scene < 300; scene++) {
    const labels = Array.from({ length: Math.floor(random() * 32) }, () => ({
      x: random() * 300, y: random() * 300, w: 46 + random() * 80, h: 27,
    }));
    const wanted = Array.from({ length: 1 + Math.floor(random() * 15) }, () => ({
      x: random() * 300, y: random() * 300, w: 20 + random() * 20, h: 18,
    }));
    const placed = layoutMarkers(wanted, labels);
    assertNoOverlap(placed, labels, `scene ${scene}`);
    placed.forEach((b, i) => assert.ok(b.y <= wanted[i].y && b.x === wanted[i].x));
  }
});

/** A 2D context that records its calls ([name, ...args]) and the styles they were made with. */
function recordingContext() {
  const calls = [];
  const state = { fillStyle: '', strokeStyle: '', globalAlpha: 1, font: '', lineWidth: 1 };
  const ctx = new Proxy(state, {
    get(target, name) {
      if (name in target) return target[name];
      if (name === 'measureText') return (text) => ({ width: String(text).length * 8 });
      if (name === 'createLinearGradient') return () => ({ addColorStop() {} });
      return (...args) => { calls.push([name, ...args, { fill: target.fillStyle, stroke: target.strokeStyle }]); };
    },
    set(target, name, value) { target[name] = value; return true; },
  });
  return { ctx, calls };
}

function rendererWithRecorder() {
  globalThis.window ??= { innerWidth: 1280, innerHeight: 800, devicePixelRatio: 1 };
  const { ctx, calls } = recordingContext();
  const canvas = { width: 0, height: 0, getContext: () => ctx };
  return { renderer: new Renderer(canvas), calls };
}

function scene(extra) {
  return {
    map: { width: 3000, height: 3000, walls: [] }, area: null, camera: { x: 1000, y: 1000 }, projectiles: [],
    players: [], markers: [], nowMs: 5000, playerRadius: 20, projectileRadius: 5, maxHealth: 100, radar: null,
    ...extra,
  };
}

test('drawn markers never overlap each other or the names, however many land at one spot', () => {
  const { renderer } = rendererWithRecorder();
  const players = [
    { id: 2, x: 1000, y: 1000, angle: 0, health: 50, flags: FLAGS.ALIVE, name: 'Victim' },
    { id: 3, x: 1010, y: 950, angle: 1, health: 100, flags: FLAGS.ALIVE, name: 'A rather long name' },
    { id: 4, x: 990, y: 900, angle: 2, health: 100, flags: FLAGS.ALIVE, name: 'Third' },
    { id: 1, x: 1030, y: 1040, angle: 3, health: 100, flags: FLAGS.ALIVE, name: 'Me', self: true },
  ];
  const markers = Array.from({ length: 10 }, (_, i) => ({
    x: 1000, y: 1000, bornMs: 5000 - i * 20, text: i === 9 ? 'KO' : '-25', kill: i === 9,
  }));
  for (const nowMs of [5000, 5100, 5300, 5500]) {
    renderer.draw(scene({ players, markers, nowMs }));
    assert.equal(renderer.labelBoxes.length, 4);
    const shown = markers.filter((m) => nowMs - m.bornMs <= MARKER_LIFETIME_MS).length;
    assert.equal(renderer.markerBoxes.length, shown);
    assertNoOverlap(renderer.markerBoxes, renderer.labelBoxes, `at ${nowMs}`);
  }
  renderer.draw(scene({ players, markers, nowMs: 9000 }));
  assert.deepEqual(renderer.markerBoxes, [], 'all gone');
});

test('the texts on one victim stack in age order: the newest lowest, just above its name', () => {
  const { renderer } = rendererWithRecorder();
  const players = [{ id: 2, x: 1000, y: 1000, angle: 0, health: 50, flags: FLAGS.ALIVE, name: 'Victim' }];
  const markers = [0, 1, 2, 3].map((i) => ({ x: 1000, y: 1000, bornMs: 4400 + i * 150, text: '-20', kill: false }));
  renderer.draw(scene({ players, markers, nowMs: 5000 }));
  const [label] = renderer.labelBoxes;
  const ys = renderer.markerBoxes.map((b) => b.y);
  assert.equal(ys.length, 4);
  assert.ok(ys.every((y, i) => i === 0 || y < ys[i - 1]), `bottom up: ${ys}`);
  assert.ok(ys[0] + 18 <= label.y && ys[0] + 18 > label.y - 14, `just above the name: ${ys[0]} ${label.y}`);
  assertNoOverlap(renderer.markerBoxes, renderer.labelBoxes, 'one victim');
});

test('every player has a gun along its aim; a flash shows at its muzzle only while it flashes', () => {
  const { renderer, calls } = rendererWithRecorder();
  const players = [
    { id: 2, x: 1000, y: 1000, angle: 0.5, health: 100, flags: FLAGS.ALIVE, name: 'A', flash: 0 },
    { id: 3, x: 1100, y: 1000, angle: -2, health: 100, flags: FLAGS.ALIVE, name: 'B', flash: 0.8 },
    { id: 1, x: 900, y: 1000, angle: 3, health: 100, flags: FLAGS.ALIVE, name: 'Me', self: true, flash: 1 },
  ];
  renderer.draw(scene({ players }));
  const barrels = calls.filter(([name]) => name === 'roundRect');
  assert.equal(barrels.length, 3, 'one barrel each');
  const rotations = calls.filter(([name]) => name === 'rotate').map(([, a]) => a);
  assert.deepEqual(rotations, [0.5, -2, 3], 'along the aim');
  for (const [, x, y, w, h] of barrels) assert.ok(x + w > 20 * 1.5 && h >= 8, 'a thick barrel well out of the body');
  const cores = calls.filter(([name, , , , , , style]) => name === 'arc' && style?.fill === '#fffbea');
  assert.equal(cores.length, 2, 'two players flash');
});

test('death bursts are drawn where they are; a shake moves the picture and the names, not the camera', () => {
  const { renderer, calls } = rendererWithRecorder();
  const players = [{ id: 2, x: 1000, y: 1000, angle: 0, health: 100, flags: FLAGS.ALIVE, name: 'A' }];
  const burst = {
    x: 1200, y: 1100, color: 'hsl(1, 78%, 62%)',
    state: {
      t: 0.1, alpha: 0.9, pop: 0.4, ring: { radius: 30, width: 5, alpha: 0.8 }, particles: [{ x: 5, y: 0, size: 3 }],
    },
  };
  renderer.draw(scene({ players, bursts: [burst], shake: { x: 4, y: -3 } }));
  const ring = calls.find(([name, x, y, radius]) => name === 'arc' && x === 1200 && y === 1100 && radius === 30);
  assert.ok(ring, 'the ring');
  assert.ok(calls.some(([name, x, y]) => name === 'arc' && x === 1205 && y === 1100), 'a particle');
  const transforms = calls.filter(([name]) => name === 'setTransform').map((c) => c.slice(1, 7));
  const scale = renderer.scale;
  const shaken = [scale, 0, 0, scale, 640 - 1000 * scale + 4, 400 - 1000 * scale - 3];
  assert.deepEqual(transforms[1], shaken, 'world, shaken');
  assert.deepEqual(transforms[2], [1, 0, 0, 1, 4, -3], 'names and markers, shaken');
  assert.deepEqual(transforms[3], [1, 0, 0, 1, 0, 0], 'then back');
  assert.deepEqual(renderer.worldToScreen(1000, 1000), { x: 640, y: 400 }, 'the camera is not moved');
  assert.ok(Math.abs(renderer.labelBoxes[0].x + renderer.labelBoxes[0].w / 2 - 640) < 1e-9, 'label box centred');
});
