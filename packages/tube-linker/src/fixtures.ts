import { detectionsToColumns, Rng, type Box, type Detection, type DetectionColumns } from '@wsstad/core';

/** Test and benchmark fixtures: detection sets built by construction (not exported from the package). */
export function det(frame: number, box: Box, score = 0.5, category = 'person'): Detection {
  return { frame, box, score, category };
}

export function columns(dets: readonly Detection[], fps = 25, frameCount?: number): DetectionColumns {
  const last = dets.reduce((m, d) => Math.max(m, d.frame), -1);
  return detectionsToColumns({ width: 640, height: 480, fps, frameCount: frameCount ?? last + 1 }, dets);
}

/** An object of size w x h moving by (vx, vy) pixels per frame over frames [from, to). */
export function track(
  from: number,
  to: number,
  x: number,
  y: number,
  vx: number,
  vy: number,
  opts: {
    w?: number;
    h?: number;
    score?: number | ((f: number) => number);
    category?: string;
    skip?: readonly number[];
  } = {},
): Detection[] {
  const { w = 20, h = 20, category = 'person', skip = [] } = opts;
  const out: Detection[] = [];
  for (let f = from; f < to; f++) {
    if (skip.includes(f)) continue;
    const x1 = x + vx * (f - from);
    const y1 = y + vy * (f - from);
    const s = typeof opts.score === 'function' ? opts.score(f) : (opts.score ?? 0.5);
    out.push(det(f, [x1, y1, x1 + w, y1 + h], s, category));
  }
  return out;
}

export interface SceneOptions {
  frames: number;
  objects: number;
  /** Random boxes per frame besides the objects. */
  clutter: number;
  /** Probability that an object's detection is missing in a frame. */
  miss?: number;
  /** Longest object lifetime in frames (uniform in [1, maxLife]); default: the whole video. */
  maxLife?: number;
  categories?: readonly string[];
}

/** A seeded scene: objects moving smoothly (random walk velocity, entering and leaving) plus clutter. */
export function randomScene(seed: number | string, o: SceneOptions): Detection[] {
  const rng = new Rng(seed);
  const cats = o.categories ?? ['person', 'car'];
  const out: Detection[] = [];
  for (let k = 0; k < o.objects; k++) {
    const r = rng.fork(`object-${k}`);
    const start = r.int(0, Math.max(0, o.frames - 1));
    const len = r.int(1, o.maxLife ?? o.frames);
    const w = r.uniform(15, 80),
      h = r.uniform(15, 80);
    let x = r.uniform(0, 600),
      y = r.uniform(0, 440),
      vx = r.normal(0, 1.5),
      vy = r.normal(0, 1);
    const cat = r.pick(cats);
    const base = r.uniform(0.3, 0.95);
    for (let f = start; f < Math.min(o.frames, start + len); f++) {
      vx += r.normal(0, 0.2);
      vy += r.normal(0, 0.2);
      x += vx;
      y += vy;
      if (r.bool(o.miss ?? 0)) continue;
      out.push(det(f, [x, y, x + w, y + h], Math.min(1, Math.max(0, base + r.normal(0, 0.05))), cat));
    }
  }
  const c = rng.fork('clutter');
  for (let f = 0; f < o.frames; f++) {
    for (let j = 0; j < o.clutter; j++) {
      const x = c.uniform(0, 620),
        y = c.uniform(0, 460),
        w = c.uniform(5, 60),
        h = c.uniform(5, 60);
      out.push(det(f, [x, y, x + w, y + h], c.uniform(0.05, 0.6), c.pick(cats)));
    }
  }
  return out;
}
