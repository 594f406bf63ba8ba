/**
 * Draws a light-cycle track on a canvas: the grid, every trail as a glowing line from its start through its turns
 * to its head, the heads (extrapolated between snapshots for smooth motion), crash flashes, and a spectator's or
 * the own cycle marked. Pure drawing: it reads the state it is given.
 */

import { DX, DY, CYCLE_FLAGS, trailPoints } from './wire.js';

/** One colour per cycle id (cycled). */
export const COLOURS = Object.freeze(['#4cc9f0', '#f72585', '#b5e48c', '#ffd166', '#9d4edd', '#ff7b00', '#2ec4b6', '#e0e1dd']);

export function colourOf(id) {
  return COLOURS[(id - 1) % COLOURS.length];
}

/** Where the track sits in a canvas of w x h pixels: cell size and offset, the whole track visible. */
export function layout(w, h, width, height) {
  const cell = Math.max(1, Math.floor(Math.min(w / width, h / height)));
  return { cell, ox: Math.floor((w - cell * width) / 2), oy: Math.floor((h - cell * height) / 2) };
}

/**
 * The head of cycle c drawn `ahead` (0..1) of a tick past its last known cell, when it moves in this phase; its
 * trail ends there.
 */
export function headAt(c, ahead, moving) {
  if (!moving || !(c.flags & CYCLE_FLAGS.ALIVE) || !(c.flags & CYCLE_FLAGS.RIDING)) return [c.x, c.y];
  return [c.x + DX[c.dir] * ahead, c.y + DY[c.dir] * ahead];
}

/**
 * Draws one frame. state: {track: {width, height}, cycles, moving, ahead, selfId, crashes: [{x, y, at}], now}.
 */
export function drawTrack(ctx, w, h, state) {
  const { track, cycles, moving, ahead, selfId, crashes, now } = state;
  const { cell, ox, oy } = layout(w, h, track.width, track.height);
  ctx.fillStyle = '#0b0f1a';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#111827';
  ctx.fillRect(ox, oy, cell * track.width, cell * track.height);
  if (cell >= 6) {
    ctx.strokeStyle = 'rgba(255,255,255,0.04)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = 0; x <= track.width; x += 4) {
      ctx.moveTo(ox + x * cell + 0.5, oy);
      ctx.lineTo(ox + x * cell + 0.5, oy + track.height * cell);
    }
    for (let y = 0; y <= track.height; y += 4) {
      ctx.moveTo(ox, oy + y * cell + 0.5);
      ctx.lineTo(ox + track.width * cell, oy + y * cell + 0.5);
    }
    ctx.stroke();
  }
  ctx.strokeStyle = '#334155';
  ctx.lineWidth = 2;
  ctx.strokeRect(ox - 1, oy - 1, cell * track.width + 2, cell * track.height + 2);
  const centre = (v) => (v + 0.5) * cell;
  for (const c of cycles) {
    if (!(c.flags & CYCLE_FLAGS.RIDING)) continue;
    const alive = Boolean(c.flags & CYCLE_FLAGS.ALIVE);
    const head = headAt(c, ahead, moving);
    const pts = trailPoints(c, head);
    const colour = colourOf(c.id);
    ctx.globalAlpha = alive ? (c.flags & CYCLE_FLAGS.HELD ? 0.45 : 1) : 0.35;
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(2, cell * 0.6);
    ctx.lineCap = 'square';
    ctx.lineJoin = 'miter';
    ctx.shadowColor = colour;
    ctx.shadowBlur = alive ? Math.max(4, cell) : 0;
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(ox + centre(x), oy + centre(y)) : ctx.lineTo(ox + centre(x), oy + centre(y))));
    ctx.stroke();
    ctx.shadowBlur = 0;
    if (alive) {
      const size = Math.max(4, cell * (c.id === selfId ? 1.3 : 1.05));
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(ox + centre(head[0]) - size / 2, oy + centre(head[1]) - size / 2, size, size);
      if (c.id === selfId) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 2;
        ctx.strokeRect(ox + centre(head[0]) - size, oy + centre(head[1]) - size, size * 2, size * 2);
      }
    }
    ctx.globalAlpha = 1;
  }
  for (const k of crashes) {
    const age = (now - k.at) / 600;
    if (age >= 1) continue;
    ctx.globalAlpha = 1 - age;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(ox + centre(k.x), oy + centre(k.y), cell * (1 + age * 4), 0, Math.PI * 2);
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
  return { cell, ox, oy };
}
