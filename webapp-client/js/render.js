/** Canvas 2D renderer of the arena: floor grid, border, walls, players, projectiles and hit markers. */

import { FLAGS } from './protocol.js';

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
const CAMERA_MARGIN = 160; // map units of void the camera may show beyond a border

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

function healthColor(ratio) {
  if (ratio > 0.6) return '#4ade80';
  if (ratio > 0.3) return '#facc15';
  return '#f87171';
}

export class Renderer {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.width = 0; // CSS pixels
    this.height = 0;
    this.dpr = 1;
    this.scale = 1; // CSS pixels per map unit
    this.camera = { x: 0, y: 0 };
    this.view = { width: 0, height: 0 }; // the most map units that may show (welcome), 0: no limit
  }

  /** Never shows more than width x height map units around the followed player (the welcome's view size). */
  setViewLimit(width, height) {
    this.view = { width: width || 0, height: height || 0 };
  }

  /** Matches the canvas to the window (device pixels) and picks the zoom. */
  resize() {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = window.innerWidth;
    const h = window.innerHeight;
    if (w !== this.width || h !== this.height || dpr !== this.dpr) {
      this.width = w;
      this.height = h;
      this.dpr = dpr;
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    this.scale = viewScale(w, h, this.view.width, this.view.height);
  }

  /**
   * The camera centre for following target: on the target, but never showing more than CAMERA_MARGIN units
   * beyond a map border (a map smaller than the view is centred), and nothing outside the view box around
   * the target (see cameraAxis).
   */
  cameraFor(target, map) {
    this.resize();
    return {
      x: cameraAxis(target.x, map.width, this.width / 2 / this.scale, this.view.width),
      y: cameraAxis(target.y, map.height, this.height / 2 / this.scale, this.view.height),
    };
  }

  /** Map coordinates to CSS pixels of the viewport, for the current camera. */
  worldToScreen(x, y) {
    return {
      x: (x - this.camera.x) * this.scale + this.width / 2,
      y: (y - this.camera.y) * this.scale + this.height / 2,
    };
  }

  draw(scene) {
    this.resize();
    this.camera = scene.camera;
    const { ctx, dpr, scale } = this;
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
      dpr * (this.width / 2 - this.camera.x * scale), dpr * (this.height / 2 - this.camera.y * scale));
    this.drawFloor(scene.map, view);
    this.drawWalls(scene.map, view);
    if (scene.area) this.drawArea(scene.map, scene.area);
    this.drawProjectiles(scene.projectiles, scene.projectileRadius);
    for (const p of scene.players) this.drawPlayer(p, scene.playerRadius, scene.nowMs);
    // screen space
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (const p of scene.players) this.drawLabel(p, scene.playerRadius, scene.maxHealth);
    this.drawMarkers(scene.markers, scene.nowMs);
    if (scene.radar && scene.radar.length > 0) {
      this.drawArrows(edgeArrows(scene.radar, this.camera, this.width, this.height, this.scale));
    }
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

  drawProjectiles(list, radius) {
    const { ctx } = this;
    for (const p of list) {
      const dx = Math.cos(p.angle);
      const dy = Math.sin(p.angle);
      const grad = ctx.createLinearGradient(p.x, p.y, p.x - dx * 34, p.y - dy * 34);
      grad.addColorStop(0, 'rgba(255, 209, 102, 0.55)');
      grad.addColorStop(1, 'rgba(255, 209, 102, 0)');
      ctx.strokeStyle = grad;
      ctx.lineWidth = radius * 1.6;
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x - dx * 34, p.y - dy * 34);
      ctx.stroke();
      ctx.fillStyle = 'rgba(255, 209, 102, 0.25)';
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius * 2.2, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#fff4d6';
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.lineCap = 'butt';
  }

  drawPlayer(p, r, nowMs) {
    const { ctx } = this;
    const held = (p.flags & FLAGS.HELD) !== 0; // its connection dropped: greyed out until it is back
    const color = held ? '#5b6475' : p.self ? COLORS.self : playerColor(p.id);
    ctx.save();
    if (held) ctx.globalAlpha = 0.45;
    const dx = Math.cos(p.angle);
    const dy = Math.sin(p.angle);
    // barrel
    ctx.save();
    ctx.translate(p.x, p.y);
    ctx.rotate(p.angle);
    ctx.fillStyle = '#9aa6bf';
    ctx.strokeStyle = '#1b2233';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.roundRect(r * 0.35, -r * 0.28, r * 1.15, r * 0.56, 3);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
    if (p.flags & FLAGS.FIRED) {
      ctx.fillStyle = 'rgba(255, 230, 150, 0.9)';
      ctx.beginPath();
      ctx.arc(p.x + dx * r * 1.65, p.y + dy * r * 1.65, r * 0.42, 0, Math.PI * 2);
      ctx.fill();
    }
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

  drawLabel(p, r, maxHealth) {
    const { ctx } = this;
    const s = this.worldToScreen(p.x, p.y);
    const top = s.y - r * this.scale - 10;
    const barW = 46;
    const ratio = Math.max(0, Math.min(1, p.health / (maxHealth || 100)));
    ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.fillRect(s.x - barW / 2 - 1, top - 1, barW + 2, 7);
    ctx.fillStyle = healthColor(ratio);
    ctx.fillRect(s.x - barW / 2, top, barW * ratio, 5);
    if (!p.name) return;
    const held = (p.flags & FLAGS.HELD) !== 0;
    const label = held ? `${p.name} · reconnecting…` : p.name;
    ctx.font = '600 13px system-ui, -apple-system, "Segoe UI", sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(5, 8, 14, 0.8)';
    ctx.strokeText(label, s.x, top - 4);
    ctx.fillStyle = held ? '#9aa3b5' : p.self ? '#bafff1' : COLORS.text;
    ctx.fillText(label, s.x, top - 4);
  }

  drawMarkers(markers, nowMs) {
    const { ctx } = this;
    for (const m of markers) {
      const age = (nowMs - m.bornMs) / MARKER_MS;
      if (age < 0 || age > 1) continue;
      const s = this.worldToScreen(m.x, m.y);
      ctx.globalAlpha = 1 - age;
      const k = m.kill ? 13 : 9;
      ctx.strokeStyle = m.kill ? '#ff5d5d' : '#ffffff';
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      for (const [sx, sy] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) {
        ctx.moveTo(s.x + sx * k * 0.45, s.y + sy * k * 0.45);
        ctx.lineTo(s.x + sx * k, s.y + sy * k);
      }
      ctx.stroke();
      if (m.text) {
        ctx.font = '700 15px system-ui, -apple-system, "Segoe UI", sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillStyle = m.kill ? '#ff8a8a' : '#ffe08a';
        ctx.fillText(m.text, s.x + 18, s.y - 14 - age * 26);
      }
      ctx.globalAlpha = 1;
    }
  }
}

/** How long hit markers stay on screen. */
export const MARKER_LIFETIME_MS = MARKER_MS;
