// Renderer zoom and camera: never more of the map than the welcome's view size around the player.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewScale, cameraAxis, edgeArrows, FAIR_VIEW_SHARE } from '../js/render.js';

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
