import type { Box, VideoInfo } from '@wsstad/core';
import { Rng } from '@wsstad/core';
import type { Frame, GroundTruth, VideoSource } from '@wsstad/video';

/** A rectangle moving linearly (or standing still) over a frame range; used by tests and benchmarks. */
export interface MovingRect {
  id: number;
  category: 'person' | 'vehicle';
  w: number;
  h: number;
  /** Top-left at `start`, and velocity in pixels per frame. */
  x: number;
  y: number;
  vx: number;
  vy: number;
  start: number;
  end: number;
  color: [number, number, number];
}

export interface SceneOptions {
  width: number;
  height: number;
  frames: number;
  rects: MovingRect[];
  seed?: number;
  noise?: number;
  /** Frames from which every pixel is brightened by `lightGain` (a light switch). */
  lightSwitchAt?: number;
  lightGain?: number;
}

export function rectAt(r: MovingRect, f: number): Box | null {
  if (f < r.start || f >= r.end) return null;
  const x = r.x + r.vx * (f - r.start),
    y = r.y + r.vy * (f - r.start);
  return [x, y, x + r.w, y + r.h];
}

/**
 * An in-memory video: a fixed textured background (checks plus a noise pattern) with sensor noise
 * per frame and solid moving rectangles; deterministic given the seed.
 */
export function syntheticScene(o: SceneOptions): VideoSource & { groundTruth: GroundTruth } {
  const { width: W, height: H } = o;
  const rng = new Rng(o.seed ?? 1);
  const bg = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const base = ((x >> 3) + (y >> 3)) % 2 ? 90 : 130;
      for (let c = 0; c < 3; c++) bg[(y * W + x) * 3 + c] = base + rng.int(-15, 15) + c * 10;
    }
  const info: VideoInfo = { width: W, height: H, fps: 10, frameCount: o.frames };
  // Per-frame sensor noise: windows into one random table at a frame-dependent offset (drawing
  // fresh numbers per pixel per frame made the tests slow).
  const amp = o.noise ?? 2;
  const EXTRA = 4099;
  const table = Int8Array.from({ length: W * H * 3 + EXTRA }, () => (amp ? rng.int(-amp, amp) : 0));
  const render = (f: number): Frame => {
    const off = (f * 1031) % EXTRA;
    const data = new Uint8Array(bg);
    const gain = o.lightSwitchAt !== undefined && f >= o.lightSwitchAt ? (o.lightGain ?? 1.8) : 1;
    for (const r of o.rects) {
      const b = rectAt(r, f);
      if (!b) continue;
      for (let y = Math.max(0, Math.round(b[1])); y < Math.min(H, Math.round(b[3])); y++) {
        for (let x = Math.max(0, Math.round(b[0])); x < Math.min(W, Math.round(b[2])); x++)
          data.set(r.color, (y * W + x) * 3);
      }
    }
    for (let i = 0; i < data.length; i++)
      data[i] = Math.max(0, Math.min(255, Math.round(data[i]! * gain + table[i + off]!)));
    return { index: f, timestamp: f / info.fps, width: W, height: H, data };
  };
  const objects: NonNullable<GroundTruth['objects']> = [];
  for (let f = 0; f < o.frames; f++) {
    for (const r of o.rects) {
      const b = rectAt(r, f);
      if (b)
        objects.push({
          frame: f,
          objectId: r.id,
          category: r.category,
          box: [Math.max(0, b[0]), Math.max(0, b[1]), Math.min(W, b[2]), Math.min(H, b[3])],
          involved: false,
        });
    }
  }
  return {
    uri: 'memory:scene',
    info,
    async *frames(range = {}) {
      const stride = range.stride ?? 1;
      for (let f = range.start ?? 0; f < Math.min(range.end ?? o.frames, o.frames); f += stride) yield render(f);
    },
    close() {},
    groundTruth: { videoId: 'scene', label: 'normal', event: null, objects },
  };
}
