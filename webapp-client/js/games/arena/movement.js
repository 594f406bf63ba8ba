/** Exact port of the server's movement step (dev.skirmish.games.arena.sim.Movement): same double operations, same order. */

import { BUTTONS } from './protocol.js';

/** 1 / sqrt(2), written out so that Java and JavaScript use the same double. */
export const DIAGONAL = 0.7071067811865476;

function clamp(v, lo, hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

/** The whole map as a play area {left, top, right, bottom}. */
export function fullArea(map) {
  return { left: 0, top: 0, right: map.width, bottom: map.height };
}

/**
 * The play area of a snapshot (half-width and half-height in units, centred on the map) as {left, top, right,
 * bottom}: the same doubles as the server's PlayArea.
 */
export function areaOf(map, halfWidth, halfHeight) {
  return {
    left: map.width / 2 - halfWidth,
    top: map.height / 2 - halfHeight,
    right: map.width / 2 + halfWidth,
    bottom: map.height / 2 + halfHeight,
  };
}

/**
 * Advances body {x, y, vx, vy} in place by one step of 1 / rules.simRateHz seconds under the movement
 * buttons, then collides it with the map's walls and the play area's edges (the whole map when area is
 * omitted). Returns the body.
 */
export function stepMovement(body, buttons, rules, map, area = fullArea(map)) {
  let ix = 0;
  let iy = 0;
  if ((buttons & BUTTONS.UP) !== 0) iy -= 1;
  if ((buttons & BUTTONS.DOWN) !== 0) iy += 1;
  if ((buttons & BUTTONS.LEFT) !== 0) ix -= 1;
  if ((buttons & BUTTONS.RIGHT) !== 0) ix += 1;
  if (ix !== 0 && iy !== 0) {
    ix *= DIAGONAL;
    iy *= DIAGONAL;
  }
  const dt = 1.0 / rules.simRateHz;
  body.vx += ix * rules.accel * dt;
  body.vy += iy * rules.accel * dt;
  let damp = 1 - rules.friction * dt;
  if (damp < 0) damp = 0;
  body.vx *= damp;
  body.vy *= damp;
  const speed2 = body.vx * body.vx + body.vy * body.vy;
  const max = rules.maxSpeed;
  if (speed2 > max * max) {
    const scale = max / Math.sqrt(speed2);
    body.vx *= scale;
    body.vy *= scale;
  }
  if (Math.abs(body.vx) < 1e-3) body.vx = 0;
  if (Math.abs(body.vy) < 1e-3) body.vy = 0;
  body.x += body.vx * dt;
  body.y += body.vy * dt;
  collide(body, rules.playerRadius, map, area);
  return body;
}

/**
 * Pushes a circle of radius r out of every wall (map order) and back inside the play area (the whole map when
 * omitted), removing inward velocity.
 */
export function collide(body, r, map, area = fullArea(map)) {
  for (const w of map.walls) {
    const left = w.x;
    const top = w.y;
    const right = left + w.w;
    const bottom = top + w.h;
    if (body.x + r <= left || body.x - r >= right || body.y + r <= top || body.y - r >= bottom) continue;
    const cx = clamp(body.x, left, right);
    const cy = clamp(body.y, top, bottom);
    const dx = body.x - cx;
    const dy = body.y - cy;
    const d2 = dx * dx + dy * dy;
    if (d2 >= r * r) continue;
    let nx;
    let ny;
    let pen;
    if (d2 > 1e-9) {
      const d = Math.sqrt(d2);
      nx = dx / d;
      ny = dy / d;
      pen = r - d;
    } else {
      // centre inside the wall: leave by the nearest side
      const toLeft = body.x - left;
      const toRight = right - body.x;
      const toTop = body.y - top;
      const toBottom = bottom - body.y;
      let min = toLeft;
      nx = -1;
      ny = 0;
      if (toRight < min) { min = toRight; nx = 1; ny = 0; }
      if (toTop < min) { min = toTop; nx = 0; ny = -1; }
      if (toBottom < min) { min = toBottom; nx = 0; ny = 1; }
      pen = min + r;
    }
    body.x += nx * pen;
    body.y += ny * pen;
    const vn = body.vx * nx + body.vy * ny;
    if (vn < 0) {
      body.vx -= vn * nx;
      body.vy -= vn * ny;
    }
  }
  if (body.x < area.left + r) {
    body.x = area.left + r;
    if (body.vx < 0) body.vx = 0;
  } else if (body.x > area.right - r) {
    body.x = area.right - r;
    if (body.vx > 0) body.vx = 0;
  }
  if (body.y < area.top + r) {
    body.y = area.top + r;
    if (body.vy < 0) body.vy = 0;
  } else if (body.y > area.bottom - r) {
    body.y = area.bottom - r;
    if (body.vy > 0) body.vy = 0;
  }
  return body;
}
