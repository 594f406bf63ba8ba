/**
 * Canvas 2D renderer of the arena: floor grid, border, walls, pickups, players with their guns and muzzle flashes
 * (a boosted player glows, a shielded one has a blue ring), blaster shots and rail slugs, death bursts and hit markers (laid out so that their texts never overlap each other or a name).
 */

import { FLAGS, PICKUPS } from './protocol.js';

/** How each pickup kind looks: its colour and its glyph. */
const PICKUP_LOOKS = Object.freeze({
  [PICKUPS.HEALTH]: { color: '#34d399', glyph: '+' },
  [PICKUPS.SHIELD]: { color: '#60a5fa', glyph: '◆' },
  [PICKUPS.DAMAGE]: { color: '#f97316', glyph: '×' },
});
const PICKUP_RADIUS = 18; // map units, as the server's

const COLORS = Object.freeze({
  void: '#070a10',
  floor: '#111723',
  grid: 'rgba(120, 150, 200, 0.07)',
  gridMajor: 'rgba(120, 150, 200, 0.14)',
  border: '#3b82f6',
  wall: '#253046',
  wallTop: '#33415e',
  wallEdge: '#4a5d85',
  self: '#2ee6c5',
  projectile: '#ffd166',
  text: '#f1f5ff',
});

const MARKER_MS = 650;
const MARKER_FONT = '700 15px system-ui, -apple-system, "Segoe UI", sans-serif';
const MARKER_TEXT_H = 18; // CSS pixels: the box of a marker's text (15 px font)
const MARKER_RISE_PX = 40; // a marker's text floats up this much over its life
const LABEL_FONT = '600 13px system-ui, -apple-system, "Segoe UI", sans-serif';
const LABEL_TEXT_H = 16; // CSS pixels: the box of a name (13 px font)
const LABEL_BAR_W = 46; // the health bar under a name
const CAMERA_MARGIN = 160; // map units of void the camera may show beyond a border
const BARREL_TIP = 2; // the gun's muzzle, in body radii from the centre
const BARREL_HALF_WIDTH = 0.3; // in body radii

/** The own player's colour (teal). */
export const SELF_COLOR = COLORS.self;

/** A stable, distinct colour for another player (never the own player's teal). */
export function playerColor(id) {
  const hue = (id * 137.508 + 20) % 360;
  const h = hue > 150 && hue < 200 ? hue + 60 : hue;
  return `hsl(${h.toFixed(0)}, 78%, 62%)`;
}

/** Share of the server's view box (viewWidth x viewHeight) that every window shows, whatever its size. */
export const FAIR_VIEW_SHARE = 0.75;

/**
 * CSS pixels per map unit for a width x height viewport. Fair view: every window shows the same area of the
 * map, FAIR_VIEW_SHARE of viewWidth x viewHeight (1,200,000 square units with the default 1,600 x 1,000), so a
 * big window shows the same arena as a small one, only larger; and never more than viewWidth across or
 * viewHeight down (the server sends only the entities of that box around the player, plus a margin), so a very
 * wide or tall window shows a little less. viewWidth/viewHeight of 0 or null (no welcome yet) fall back to a
 * zoom by the window's size.
 */
export function viewScale(width, height, viewWidth = 0, viewHeight = 0) {
  if (!(viewWidth > 0 && viewHeight > 0)) return Math.min(1.6, Math.max(0.5, Math.min(width, height) / 950));
  const area = viewWidth * viewHeight * FAIR_VIEW_SHARE;
  return Math.max(Math.sqrt((width * height) / area), width / viewWidth, height / viewHeight);
}

/**
 * Arrows at the edge of the screen toward the players that are off it: for each point {x, y} (map units) outside
 * the viewport of width x height CSS pixels (camera at its centre, scale pixels per unit), the place on the
 * viewport's edge, inset by margin, on the line from the centre toward it, the direction (radians) and an
 * opacity that grows as the player gets nearer (1 within one screen, 0.35 from four screens away).
 */
export function edgeArrows(points, camera, width, height, scale, margin = 28) {
  const out = [];
  const hw = width / 2;
  const hh = height / 2;
  for (const p of points) {
    const dx = (p.x - camera.x) * scale;
    const dy = (p.y - camera.y) * scale;
    if (Math.abs(dx) <= hw && Math.abs(dy) <= hh) continue; // on screen: the player itself shows
    const t = Math.min((hw - margin) / Math.max(Math.abs(dx), 1e-9), (hh - margin) / Math.max(Math.abs(dy), 1e-9));
    const screens = Math.max(Math.abs(dx) / hw, Math.abs(dy) / hh);
    out.push({
      x: hw + dx * t,
      y: hh + dy * t,
      angle: Math.atan2(dy, dx),
      alpha: Math.max(0.35, Math.min(1, 1.2 - (screens - 1) * 0.28)),
    });
  }
  return out;
}

/**
 * One axis of the camera centre following t on a map of size units, with half units visible either side:
 * on t, but showing at most CAMERA_MARGIN units beyond a border (a map smaller than the view is centred),
 * and never so far from t that something outside t ± limit / 2 shows (limit: the view box, 0 for none).
 */
export function cameraAxis(t, size, half, limit = 0) {
  const c = size + 2 * CAMERA_MARGIN <= 2 * half ? size / 2
    : Math.min(size + CAMERA_MARGIN - half, Math.max(half - CAMERA_MARGIN, t));
  if (!(limit > 0)) return c;
  const slack = Math.max(0, limit / 2 - half);
  return Math.min(t + slack, Math.max(t - slack, c));
}

/** Whether boxes a and b ({x, y, w, h}, x and y the top left) share some area (touching edges do not). */
export function boxesOverlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Places the boxes ({x, y, w, h}, in order: earlier ones keep their place first) so that none overlaps another
 * or an obstacle (the name labels): each box, from where it wants to be, moves up to just above (gap pixels)
 * whatever it overlaps until it overlaps nothing. A box never moves down, and once above a box it can never
 * overlap it again, so each box moves at most once per box before it (the loop is bounded by that).
 * Returns the placed boxes, new objects in the same order; the inputs are not changed.
 */
export function layoutMarkers(boxes, obstacles = [], gap = 2) {
  const placed = [];
  for (const b of boxes) {
    const box = { x: b.x, y: b.y, w: b.w, h: b.h };
    const limit = obstacles.length + placed.length + 1;
    for (let moves = 0; moves < limit; moves++) {
      let hit = null;
      for (const o of obstacles) if (boxesOverlap(box, o)) { hit = o; break; }
      if (!hit) for (const o of placed) if (boxesOverlap(box, o)) { hit = o; break; }
      if (!hit) break;
      box.y = hit.y - box.h - gap;
    }
    placed.push(box);
  }
  return placed;
}

function healthColor(ratio) {
  if (ratio > 0.6) return '#4ade80';
  if (ratio > 0.3) return '#facc15';
  return '#f87171';
}

export class Renderer {
  /** fitCanvas: size the picture to the canvas's own box (a picture in a corner) instead of the window. */
  constructor(canvas, { fitCanvas = false } = {}) {
    this.canvas = canvas;
    this.fitCanvas = fitCanvas;
    this.arrows = []; // the last frame's edge arrows ({x, y, angle, alpha}, CSS pixels)
    this.ctx = canvas.getContext('2d');
    this.width = 0; // CSS pixels
    this.height = 0;
    this.dpr = 1;
    this.scale = 1; // CSS pixels per map unit
    this.camera = { x: 0, y: 0 };
    this.view = { width: 0, height: 0 }; // the most map units that may show (welcome), 0: no limit
    this.markerBoxes = []; // where the last frame's marker texts went (CSS pixels)
    this.labelBoxes = []; // and the boxes of its names and health bars
    this.textWidths = new Map(); // "font|text" -> measured width (names and marker texts repeat every frame)
  }

  /** The width of text in font (CSS pixels), measured once and then remembered. */
  textWidth(font, text) {
    const key = `${font}|${text}`;
    let w = this.textWidths.get(key);
    if (w === undefined) {
      if (this.textWidths.size > 500) this.textWidths.clear();
      this.ctx.font = font;
      w = Number(this.ctx.measureText(text).width) || 0;
      this.textWidths.set(key, w);
    }
    return w;
  }

  /** Never shows more than width x height map units around the followed player (the welcome's view size). */
  setViewLimit(width, height) {
    this.view = { width: width || 0, height: height || 0 };
  }

  /** Matches the canvas to the window (or to its own box, fitCanvas) in device pixels, and picks the zoom. */
  resize() {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = this.fitCanvas ? this.canvas.clientWidth || 1 : window.innerWidth;
    const h = this.fitCanvas ? this.canvas.clientHeight || 1 : window.innerHeight;
    if (w !== this.width || h !== this.height || dpr !== this.dpr) {
      this.width = w;
      this.height = h;
      this.dpr = dpr;
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    const box = this.viewBox();
    this.scale = viewScale(w, h, box.width, box.height);
  }

  /** Whether the picture is taller than wide: the session tells the server (VIEW), which stands its box upright. */
  portrait() {
    const w = this.fitCanvas ? this.canvas.clientWidth || 1 : window.innerWidth;
    const h = this.fitCanvas ? this.canvas.clientHeight || 1 : window.innerHeight;
    return h > w;
  }

  /** The welcome's view box, upright for a portrait picture (the server sends that box then). */
  viewBox() {
    return this.portrait() ? { width: this.view.height, height: this.view.width } : this.view;
  }

  /**
   * The camera centre for following target: on the target, but never showing more than CAMERA_MARGIN units
   * beyond a map border (a map smaller than the view is centred), and nothing outside the view box around
   * the target (see cameraAxis).
   */
  cameraFor(target, map) {
    this.resize();
    const box = this.viewBox();
    return {
      x: cameraAxis(target.x, map.width, this.width / 2 / this.scale, box.width),
      y: cameraAxis(target.y, map.height, this.height / 2 / this.scale, box.height),
    };
  }

  /** Map coordinates to CSS pixels of the viewport, for the current camera. */
  worldToScreen(x, y) {
    return {
      x: (x - this.camera.x) * this.scale + this.width / 2,
      y: (y - this.camera.y) * this.scale + this.height / 2,
    };
  }

  /**
   * Draws a frame. scene.shake ({x, y} CSS pixels, optional) moves the picture, names and markers with it (not
   * the edge arrows), without moving the camera that worldToScreen uses; scene.bursts (optional) are the death
   * bursts from Effects.visibleBursts; a player's flash (0 to 1, optional) is its muzzle flash.
   */
  draw(scene) {
    this.resize();
    this.camera = scene.camera;
    const { ctx, dpr, scale } = this;
    const sx = scene.shake ? scene.shake.x : 0;
    const sy = scene.shake ? scene.shake.y : 0;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = COLORS.void;
    ctx.fillRect(0, 0, this.width, this.height);
    const view = {
      left: this.camera.x - this.width / 2 / scale,
      top: this.camera.y - this.height / 2 / scale,
      right: this.camera.x + this.width / 2 / scale,
      bottom: this.camera.y + this.height / 2 / scale,
    };
    // world space
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale,
      dpr * (this.width / 2 - this.camera.x * scale + sx), dpr * (this.height / 2 - this.camera.y * scale + sy));
    this.drawFloor(scene.map, view);
    this.drawWalls(scene.map, view);
    if (scene.area) this.drawArea(scene.map, scene.area);
    if (scene.pickups && scene.pickups.length > 0) this.drawPickups(scene.pickups, view, scene.nowMs);
    this.drawProjectiles(scene.projectiles, scene.projectileRadius);
    for (const p of scene.players) this.drawPlayer(p, scene.playerRadius, scene.nowMs, scene.maxHealth);
    if (scene.bursts && scene.bursts.length > 0) this.drawBursts(scene.bursts);
    // screen space (shaken with the picture)
    ctx.setTransform(dpr, 0, 0, dpr, dpr * sx, dpr * sy);
    const labels = [];
    for (const p of scene.players) labels.push(this.drawLabel(p, scene.playerRadius, scene.maxHealth));
    this.labelBoxes = labels;
    this.drawMarkers(scene.markers, scene.nowMs, labels, scene.playerRadius);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.arrows = scene.radar && scene.radar.length > 0
      ? edgeArrows(scene.radar, this.camera, this.width, this.height, this.scale) : [];
    if (this.arrows.length > 0) this.drawArrows(this.arrows);
  }

  /** The arrows toward off-screen players (screen space). */
  drawArrows(arrows) {
    const { ctx } = this;
    for (const a of arrows) {
      ctx.save();
      ctx.translate(a.x, a.y);
      ctx.rotate(a.angle);
      ctx.globalAlpha = a.alpha;
      ctx.beginPath();
      ctx.moveTo(12, 0);
      ctx.lineTo(-8, -9);
      ctx.lineTo(-3, 0);
      ctx.lineTo(-8, 9);
      ctx.closePath();
      ctx.fillStyle = 'rgba(248, 113, 113, 0.95)';
      ctx.shadowColor = 'rgba(248, 113, 113, 0.8)';
      ctx.shadowBlur = 10;
      ctx.fill();
      ctx.restore();
    }
  }

  drawFloor(map, view) {
    const { ctx } = this;
    ctx.fillStyle = COLORS.floor;
    ctx.fillRect(0, 0, map.width, map.height);
    const x0 = Math.max(0, Math.floor(view.left / 100) * 100);
    const x1 = Math.min(map.width, view.right);
    const y0 = Math.max(0, Math.floor(view.top / 100) * 100);
    const y1 = Math.min(map.height, view.bottom);
    const top = Math.max(0, view.top);
    const bottom = Math.min(map.height, view.bottom);
    const left = Math.max(0, view.left);
    const right = Math.min(map.width, view.right);
    for (const major of [false, true]) {
      ctx.beginPath();
      for (let x = x0; x <= x1; x += 100) {
        if ((x % 500 === 0) !== major) continue;
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
      }
      for (let y = y0; y <= y1; y += 100) {
        if ((y % 500 === 0) !== major) continue;
        ctx.moveTo(left, y);
        ctx.lineTo(right, y);
      }
      ctx.strokeStyle = major ? COLORS.gridMajor : COLORS.grid;
      ctx.lineWidth = (major ? 2 : 1) / this.scale;
      ctx.stroke();
    }
    ctx.save();
    ctx.shadowColor = 'rgba(59, 130, 246, 0.6)';
    ctx.shadowBlur = 18 * this.scale;
    ctx.strokeStyle = COLORS.border;
    ctx.lineWidth = 4;
    ctx.strokeRect(-2, -2, map.width + 4, map.height + 4);
    ctx.restore();
  }

  /**
   * The play area: the map outside it is dimmed and its edge drawn as a glowing amber line (the server keeps
   * players inside; it follows the player count). Nothing when the area is the whole map.
   */
  drawArea(map, area) {
    if (area.left <= 0 && area.top <= 0 && area.right >= map.width && area.bottom >= map.height) return;
    const { ctx } = this;
    ctx.fillStyle = 'rgba(2, 6, 23, 0.62)';
    ctx.fillRect(0, 0, map.width, area.top);
    ctx.fillRect(0, area.bottom, map.width, map.height - area.bottom);
    ctx.fillRect(0, area.top, area.left, area.bottom - area.top);
    ctx.fillRect(area.right, area.top, map.width - area.right, area.bottom - area.top);
    ctx.save();
    ctx.shadowColor = 'rgba(245, 158, 11, 0.7)';
    ctx.shadowBlur = 16 * this.scale;
    ctx.strokeStyle = 'rgba(245, 158, 11, 0.9)';
    ctx.lineWidth = 4;
    ctx.strokeRect(area.left - 2, area.top - 2, area.right - area.left + 4, area.bottom - area.top + 4);
    ctx.restore();
  }

  drawWalls(map, view) {
    const { ctx } = this;
    const visible = map.walls.filter((w) => w.x < view.right && w.x + w.w > view.left
      && w.y < view.bottom && w.y + w.h > view.top);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.35)';
    for (const w of visible) ctx.fillRect(w.x + 6, w.y + 8, w.w, w.h); // drop shadow
    for (const w of visible) {
      ctx.fillStyle = COLORS.wall;
      ctx.fillRect(w.x, w.y, w.w, w.h);
      ctx.fillStyle = COLORS.wallTop;
      ctx.fillRect(w.x + 4, w.y + 4, w.w - 8, w.h - 8);
      ctx.strokeStyle = COLORS.wallEdge;
      ctx.lineWidth = 2;
      ctx.strokeRect(w.x + 1, w.y + 1, w.w - 2, w.h - 2);
    }
  }

  /** The pickups lying on the map (world space): a pulsing disc of the kind's colour with its glyph. */
  drawPickups(list, view, nowMs) {
    const { ctx } = this;
    const pulse = 1 + Math.sin(nowMs / 260) * 0.08;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = `800 ${Math.round(PICKUP_RADIUS * 1.3)}px system-ui, sans-serif`;
    for (const p of list) {
      if (p.x + PICKUP_RADIUS * 2 < view.left || p.x - PICKUP_RADIUS * 2 > view.right
        || p.y + PICKUP_RADIUS * 2 < view.top || p.y - PICKUP_RADIUS * 2 > view.bottom) continue;
      const look = PICKUP_LOOKS[p.kind] ?? PICKUP_LOOKS[PICKUPS.HEALTH];
      const r = PICKUP_RADIUS * pulse;
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = look.color;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r * 1.7, 0, Math.PI * 2);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.fillStyle = '#0b1220';
      ctx.strokeStyle = look.color;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = look.color;
      ctx.fillText(look.glyph, p.x, p.y + 1);
    }
  }

  drawProjectiles(list, radius) {
    const { ctx } = this;
    for (const p of list) {
      const dx = Math.cos(p.angle);
      const dy = Math.sin(p.angle);
      if (p.flags & FLAGS.RAIL) { // a rail slug: a long white-blue streak
        this.tail(p, dx, dy, 90, 'rgba(150, 220, 255, 0.7)', radius * 1.2);
        this.disc(p.x, p.y, radius * 1.3, '#e8f8ff');
        continue;
      }
      const grad = ctx.createLinearGradient(p.x, p.y, p.x - dx * 34, p.y - dy * 34);
      grad.addColorStop(0, 'rgba(255, 209, 102, 0.55)');
      grad.addColorStop(1, 'rgba(255, 209, 102, 0)');
      this.tail(p, dx, dy, 34, grad, radius * 1.6);
      this.disc(p.x, p.y, radius * 2.2, 'rgba(255, 209, 102, 0.25)');
      this.disc(p.x, p.y, radius, '#fff4d6');
    }
    ctx.lineCap = 'butt';
  }

  /** A projectile's tail: a round-capped stroke from it back along its heading (dx, dy), length units long. */
  tail(p, dx, dy, length, style, width) {
    const { ctx } = this;
    ctx.strokeStyle = style;
    ctx.lineWidth = width;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
    ctx.lineTo(p.x - dx * length, p.y - dy * length);
    ctx.stroke();
  }

  /** A filled circle. */
  disc(x, y, r, fill) {
    const { ctx } = this;
    ctx.fillStyle = fill;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
  }

  drawPlayer(p, r, nowMs, maxHealth = 0) {
    const { ctx } = this;
    const held = (p.flags & FLAGS.HELD) !== 0; // its connection dropped: greyed out until it is back
    const color = held ? '#5b6475' : p.color ?? (p.self ? COLORS.self : playerColor(p.id));
    ctx.save();
    if (held) ctx.globalAlpha = 0.45;
    if (p.flags & FLAGS.BOOSTED) { // a damage pickup's time runs: an orange glow
      ctx.fillStyle = 'rgba(249, 115, 22, 0.3)';
      ctx.beginPath();
      ctx.arc(p.x, p.y, r * (1.6 + Math.sin(nowMs / 120) * 0.1), 0, Math.PI * 2);
      ctx.fill();
    }
    // gun: a thick rounded barrel along the aim, reaching BARREL_TIP radii out, with a darker muzzle band
    ctx.save();
    ctx.translate(p.x, p.y);
    ctx.rotate(p.angle);
    ctx.fillStyle = held ? '#6b7385' : '#b4c0d8';
    ctx.strokeStyle = '#121826';
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.roundRect(r * 0.2, -r * BARREL_HALF_WIDTH, r * (BARREL_TIP - 0.2), r * 2 * BARREL_HALF_WIDTH, r * 0.18);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = '#4b556b';
    ctx.fillRect(r * (BARREL_TIP - 0.3), -r * BARREL_HALF_WIDTH + 1, r * 0.18, r * 2 * BARREL_HALF_WIDTH - 2);
    const flash = p.flash > 0 ? Math.min(1, p.flash) : 0;
    if (flash > 0) this.drawFlash(r * BARREL_TIP, r, flash);
    ctx.restore();
    // body
    ctx.fillStyle = color;
    ctx.strokeStyle = p.self ? '#eafffb' : 'rgba(10, 14, 22, 0.85)';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = 'rgba(255, 255, 255, 0.18)';
    ctx.beginPath();
    ctx.arc(p.x - r * 0.3, p.y - r * 0.3, r * 0.45, 0, Math.PI * 2);
    ctx.fill();
    if (maxHealth > 0 && p.health > maxHealth) { // health beyond the maximum: a shield
      ctx.strokeStyle = 'rgba(96, 165, 250, 0.9)';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r + 4, 0, Math.PI * 2);
      ctx.stroke();
    }
    if (p.flags & FLAGS.PROTECTED) {
      ctx.save();
      ctx.strokeStyle = 'rgba(180, 220, 255, 0.8)';
      ctx.lineWidth = 2.5;
      ctx.setLineDash([7, 6]);
      ctx.lineDashOffset = -nowMs / 40;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r + 7 + Math.sin(nowMs / 180) * 1.5, 0, Math.PI * 2);
      ctx.stroke();
      ctx.restore();
    }
    ctx.restore();
  }

  /**
   * A muzzle flash at (tip, 0) of the current (rotated) transform, pointing along +x: a flame cone, a glow and a
   * white-hot core, all shrinking and fading with strength (1 just fired, 0 gone). Plain fills, no blur.
   */
  drawFlash(tip, r, strength) {
    const { ctx } = this;
    const alpha = ctx.globalAlpha;
    ctx.globalAlpha = alpha * (0.3 + 0.7 * strength);
    ctx.fillStyle = 'rgba(255, 214, 120, 0.45)';
    ctx.beginPath();
    ctx.arc(tip + r * 0.5, 0, r * (0.3 + 0.3 * strength), 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = 'rgba(255, 170, 60, 0.95)';
    ctx.beginPath();
    ctx.moveTo(tip, -r * 0.4);
    ctx.lineTo(tip + r * (0.9 + 1.2 * strength), 0);
    ctx.lineTo(tip, r * 0.4);
    ctx.lineTo(tip + r * 0.25, 0);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = '#fffbea';
    ctx.beginPath();
    ctx.arc(tip + r * 0.3, 0, r * (0.12 + 0.14 * strength), 0, Math.PI * 2);
    ctx.fill();
    ctx.globalAlpha = alpha;
  }

  /**
   * Death bursts (world space): a ring in the victim's colour that widens and thins, a white pop at first, and
   * particles flying out (one path per burst, so a burst costs three fills and a stroke).
   */
  drawBursts(bursts) {
    const { ctx } = this;
    for (const b of bursts) {
      const { ring, particles, pop, alpha } = b.state;
      if (pop > 0) {
        ctx.globalAlpha = pop;
        ctx.fillStyle = '#ffffff';
        ctx.beginPath();
        ctx.arc(b.x, b.y, ring.radius * 0.9, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.globalAlpha = ring.alpha;
      ctx.strokeStyle = b.color;
      ctx.lineWidth = ring.width;
      ctx.beginPath();
      ctx.arc(b.x, b.y, ring.radius, 0, Math.PI * 2);
      ctx.stroke();
      ctx.globalAlpha = alpha;
      ctx.fillStyle = b.color;
      ctx.beginPath();
      for (const q of particles) {
        ctx.moveTo(b.x + q.x + q.size, b.y + q.y);
        ctx.arc(b.x + q.x, b.y + q.y, q.size, 0, Math.PI * 2);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  /**
   * The health bar and name above a player (screen space); returns the box they take ({x, y, w, h}, CSS pixels),
   * which the markers' texts keep clear of.
   */
  drawLabel(p, r, maxHealth) {
    const { ctx } = this;
    const s = this.worldToScreen(p.x, p.y);
    const top = s.y - r * this.scale - 10;
    const barW = LABEL_BAR_W;
    const max = maxHealth || 100;
    const ratio = Math.max(0, Math.min(1, p.health / max));
    const shield = Math.max(0, Math.min(1, (p.health - max) / max)); // health beyond the maximum is a shield
    ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.fillRect(s.x - barW / 2 - 1, top - 1, barW + 2, 7);
    ctx.fillStyle = healthColor(ratio);
    ctx.fillRect(s.x - barW / 2, top, barW * ratio, 5);
    if (shield > 0) {
      ctx.fillStyle = 'rgba(96, 165, 250, 0.95)';
      ctx.fillRect(s.x - barW / 2, top, barW * shield, 5);
    }
    const bar = { x: s.x - barW / 2 - 1, y: top - 1, w: barW + 2, h: 7 };
    if (!p.name) return bar;
    const held = (p.flags & FLAGS.HELD) !== 0;
    const label = held ? `${p.name} · reconnecting…` : p.name;
    const w = Math.max(bar.w, this.textWidth(LABEL_FONT, label) + 4); // + the outline
    ctx.font = LABEL_FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(5, 8, 14, 0.8)';
    ctx.strokeText(label, s.x, top - 4);
    ctx.fillStyle = held ? '#9aa3b5' : p.self ? '#bafff1' : COLORS.text;
    ctx.fillText(label, s.x, top - 4);
    return { x: s.x - w / 2, y: top - 4 - LABEL_TEXT_H, w, h: bar.y + bar.h - (top - 4 - LABEL_TEXT_H) };
  }

  /**
   * Hit markers (screen space): a cross at the hit point, and the text ("-25", "KO") floating up from above the
   * victim's head, fading out. The texts are laid out from the lowest up (layoutMarkers): one that would overlap
   * a lower one or a name label (labels: the boxes drawLabel returned) goes just above it.
   */
  drawMarkers(markers, nowMs, labels = [], r = 20) {
    const { ctx } = this;
    const live = [];
    for (const m of markers) {
      const age = (nowMs - m.bornMs) / MARKER_MS;
      if (age < 0 || age > 1) continue;
      live.push({ m, age, s: this.worldToScreen(m.x, m.y) });
    }
    if (live.length === 0) {
      this.markerBoxes = [];
      return;
    }
    ctx.lineWidth = 2.5;
    for (const { m, age, s } of live) {
      ctx.globalAlpha = 1 - age;
      const k = m.kill ? 13 : 9;
      ctx.strokeStyle = m.kill ? '#ff5d5d' : '#ffffff';
      ctx.beginPath();
      for (const [sx, sy] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) {
        ctx.moveTo(s.x + sx * k * 0.45, s.y + sy * k * 0.45);
        ctx.lineTo(s.x + sx * k, s.y + sy * k);
      }
      ctx.stroke();
    }
    const head = r * this.scale + 10 + 4 + LABEL_TEXT_H + 2; // from the hit point to just above a name there
    const texts = [];
    for (let i = live.length - 1; i >= 0; i--) { // newest first, so that the sort keeps them first among equals
      const { m, age, s } = live[i];
      if (!m.text) continue;
      const w = this.textWidth(MARKER_FONT, m.text) + 6;
      texts.push({
        m, age, box: { x: s.x - w / 2, y: s.y - head - MARKER_TEXT_H - age * MARKER_RISE_PX, w, h: MARKER_TEXT_H },
      });
    }
    // the lowest (usually the newest) keeps its place, the ones above it stack up: a stack in age order
    texts.sort((a, b) => b.box.y - a.box.y);
    const boxes = layoutMarkers(texts.map((t) => t.box), labels);
    ctx.font = MARKER_FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(5, 8, 14, 0.75)';
    texts.forEach(({ m, age }, i) => {
      const b = boxes[i];
      ctx.globalAlpha = 1 - age;
      ctx.strokeText(m.text, b.x + b.w / 2, b.y + b.h / 2);
      ctx.fillStyle = m.kill ? '#ff8a8a' : '#ffe08a';
      ctx.fillText(m.text, b.x + b.w / 2, b.y + b.h / 2);
    });
    ctx.globalAlpha = 1;
    this.markerBoxes = boxes; // the last frame's text boxes (tests, debugging)
  }
}

/** How long hit markers stay on screen. */
export const MARKER_LIFETIME_MS = MARKER_MS;
