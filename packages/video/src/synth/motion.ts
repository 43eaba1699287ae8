import type { Rng } from '@wsstad/core';
import { objectBounds, perspectiveScale } from './shapes';
import type { ObjectCategory, Rgb, SceneObject, Vec } from './types';

/**
 * Records an object's per-frame state while scripted motions run (walk, drive, fall, spin,
 * jitter...). Frame numbers may start before 0: objects already on screen at frame 0.
 */
export class Track {
  readonly rows: number[] = [];
  x: number;
  y: number;
  angle: number;
  pose: number;

  constructor(
    readonly t0: number,
    p: Vec,
    angle = 0,
    pose = 0,
  ) {
    this.x = p[0];
    this.y = p[1];
    this.angle = angle;
    this.pose = pose;
    this.emit();
  }

  /** Frame of the last recorded state. */
  get t(): number {
    return this.t0 + this.rows.length / 4 - 1;
  }
  get pos(): Vec {
    return [this.x, this.y];
  }

  emit(dx = 0, dy = 0): void {
    this.rows.push(this.x + dx, this.y + dy, this.angle, this.pose);
  }

  /**
   * Move in a straight line to `to`, speed ramping linearly from `speed` to `endSpeed` (px/frame).
   * `stride` > 0 advances the gait phase (people); `heading` turns vehicles along the motion;
   * `zigzag` adds a lateral oscillation (erratic running). Returns frames used.
   */
  moveTo(
    to: Vec,
    speed: number,
    o: {
      endSpeed?: number;
      stride?: number;
      heading?: boolean;
      zigzag?: { amp: number; period: number };
      maxFrames?: number;
    } = {},
  ): number {
    const dx = to[0] - this.x,
      dy = to[1] - this.y;
    const d = Math.hypot(dx, dy);
    if (d < 1e-6) return 0;
    const v0 = Math.max(0.05, speed),
      v1 = Math.max(0.05, o.endSpeed ?? speed);
    let n = Math.max(1, Math.ceil((2 * d) / (v0 + v1)));
    if (o.maxFrames !== undefined) n = Math.min(n, o.maxFrames);
    const ux = dx / d,
      uy = dy / d;
    const sx = this.x,
      sy = this.y;
    const full = Math.max(1, Math.ceil((2 * d) / (v0 + v1)));
    const total = v0 * full + ((v1 - v0) * full) / 2;
    if (o.heading) this.angle = Math.atan2(uy, ux);
    let prev = 0;
    for (let k = 1; k <= n; k++) {
      const s = ((v0 * k + ((v1 - v0) * k * k) / (2 * full)) / total) * d;
      this.x = sx + ux * s;
      this.y = sy + uy * s;
      if (o.stride) this.pose = (this.pose + (s - prev) / o.stride) % 1;
      prev = s;
      if (o.zigzag && k < n) {
        const off = o.zigzag.amp * Math.sin((2 * Math.PI * k) / o.zigzag.period);
        this.emit(-uy * off, ux * off);
      } else this.emit();
    }
    return n;
  }

  /** Stay `frames` frames; `jitter(k)` may return a per-frame displacement and state tweak. */
  wait(frames: number, jitter?: (k: number) => { dx?: number; dy?: number; angle?: number; pose?: number }): void {
    const base = this.angle;
    for (let k = 0; k < frames; k++) {
      if (jitter) {
        const j = jitter(k);
        const a = this.angle,
          p = this.pose;
        if (j.angle !== undefined) this.angle = base + j.angle;
        if (j.pose !== undefined) this.pose = j.pose;
        this.emit(j.dx ?? 0, j.dy ?? 0);
        this.angle = a;
        this.pose = p;
      } else this.emit();
    }
  }

  /** Rotate linearly to `angle` over `frames` frames while translating by `slide`. */
  rotateTo(angle: number, frames: number, slide: Vec = [0, 0], ease = false): void {
    const a0 = this.angle,
      x0 = this.x,
      y0 = this.y;
    for (let k = 1; k <= frames; k++) {
      let t = k / frames;
      if (ease) t = 1 - (1 - t) * (1 - t); // decelerating (skids, knock-backs)
      this.angle = a0 + (angle - a0) * (k / frames);
      this.x = x0 + slide[0] * t;
      this.y = y0 + slide[1] * t;
      this.emit();
    }
  }
}

/** Where a ray from p along unit direction d leaves the frame expanded by `margin`. */
export function rayExit(p: Vec, d: Vec, W: number, H: number, margin: number): Vec {
  let t = Infinity;
  if (d[0] > 1e-9) t = Math.min(t, (W + margin - p[0]) / d[0]);
  if (d[0] < -1e-9) t = Math.min(t, (-margin - p[0]) / d[0]);
  if (d[1] > 1e-9) t = Math.min(t, (H + margin - p[1]) / d[1]);
  if (d[1] < -1e-9) t = Math.min(t, (-margin - p[1]) / d[1]);
  return [p[0] + d[0] * t, p[1] + d[1] * t];
}

export const unit = (a: Vec, b: Vec): Vec => {
  const d = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [(b[0] - a[0]) / d, (b[1] - a[1]) / d];
};
export const dist = (a: Vec, b: Vec): number => Math.hypot(b[0] - a[0], b[1] - a[1]);

const SHIRTS: Rgb[] = [
  [200, 40, 40],
  [40, 80, 180],
  [230, 230, 225],
  [30, 30, 35],
  [60, 140, 70],
  [220, 180, 40],
  [140, 60, 150],
  [240, 120, 40],
  [90, 90, 95],
  [120, 180, 220],
];
const TROUSERS: Rgb[] = [
  [40, 45, 70],
  [30, 30, 32],
  [90, 80, 60],
  [70, 70, 75],
  [150, 140, 120],
];
const SKIN: Rgb[] = [
  [235, 195, 160],
  [200, 150, 110],
  [150, 100, 70],
  [95, 65, 45],
];
const CARS: Rgb[] = [
  [190, 30, 30],
  [30, 60, 170],
  [225, 225, 230],
  [28, 28, 32],
  [150, 152, 158],
  [210, 175, 40],
  [40, 120, 60],
  [240, 240, 240],
  [90, 40, 30],
];

const tint = (rng: Rng, c: Rgb, d: number): Rgb =>
  c.map((x) => Math.max(0, Math.min(255, Math.round(x + rng.uniform(-d, d))))) as Rgb;

/** A person or vehicle's appearance: size (scale 1), colours, texture. */
export function appearance(
  rng: Rng,
  category: ObjectCategory,
  personH: number,
  vehicleL: number,
): Pick<SceneObject, 'size' | 'colors' | 'texture' | 'textureSeed'> {
  const texture = rng.pick(['plain', 'plain', 'stripes', 'checks', 'speckle'] as const);
  if (category === 'person') {
    const h = personH * rng.uniform(0.85, 1.12);
    return {
      size: [h * rng.uniform(0.3, 0.38), h],
      colors: [tint(rng, rng.pick(SHIRTS), 20), tint(rng, rng.pick(TROUSERS), 12), tint(rng, rng.pick(SKIN), 10)],
      texture,
      textureSeed: rng.int(0, 1e6),
    };
  }
  const l = vehicleL * rng.uniform(0.85, 1.2);
  const body = tint(rng, rng.pick(CARS), 15);
  const roof = body.map((x) => Math.max(0, Math.min(255, x + (x > 128 ? -25 : 25)))) as Rgb;
  return {
    size: [l, l * rng.uniform(0.42, 0.5)],
    colors: [body, tint(rng, [45, 58, 78], 10), roof],
    texture: rng.pick(['plain', 'plain', 'stripes', 'speckle'] as const),
    textureSeed: rng.int(0, 1e6),
  };
}

/**
 * Cut a recorded track to the frames inside [0, frameCount) where the object is on screen.
 * Returns null when it never is.
 */
export function finishTrack(
  track: Track,
  base: Omit<SceneObject, 'start' | 'track'>,
  W: number,
  H: number,
  frameCount: number,
  perspective: number,
): SceneObject | null {
  const r = track.rows;
  const n = r.length / 4;
  let first = -1,
    last = -1;
  for (let k = 0; k < n; k++) {
    const f = track.t0 + k;
    if (f < 0 || f >= frameCount) continue;
    const y = r[k * 4 + 1]!;
    const b = objectBounds(base.size, r[k * 4]!, y, r[k * 4 + 2]!, perspectiveScale(y, H, perspective));
    if (b[2] <= 0 || b[3] <= 0 || b[0] >= W || b[1] >= H) continue;
    if (first < 0) first = k;
    last = k;
  }
  if (first < 0) return null;
  const track2 = r
    .slice(first * 4, (last + 1) * 4)
    .map((v, i) => (i % 4 === 2 ? Math.round(v * 1e4) / 1e4 : Math.round(v * 100) / 100));
  return { ...base, start: track.t0 + first, track: track2 };
}
