import type { ClipFeatureColumns } from './artifacts/kinds';
import type { Tube } from './types';
import { NumericError } from './errors';

/**
 * Instance features are mean pools over clip features, computed here once for every consumer
 * (trainer, evaluator), so tubes, sub-tubes and videolets never need a second pass over pixels.
 */
export interface PoolOptions {
  /**
   * Where L2 normalisation happens (reference-notes: Sultani's script normalises after averaging,
   * the paper's text says before): 'none' | 'before' (each clip) | 'after' (the mean) | 'both'.
   */
  l2?: 'none' | 'before' | 'after' | 'both';
}

/** Indices of the clip rows of `source` (-1 whole frame, else tube id), sorted by clip start. */
export function clipIndex(cf: ClipFeatureColumns): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let i = 0; i < cf.source.length; i++) {
    const s = cf.source[i]!;
    let l = m.get(s);
    if (!l) m.set(s, (l = []));
    l.push(i);
  }
  for (const l of m.values()) l.sort((a, b) => cf.clipStart[a]! - cf.clipStart[b]!);
  return m;
}

/**
 * The clips of `rows` that cover the span [start, end): every clip overlapping the span by at
 * least half its own length; if none qualifies (a span shorter than half a clip), the single clip
 * with the largest overlap; if none overlaps at all, the nearest clip in time.
 */
export function clipsForSpan(cf: ClipFeatureColumns, rows: readonly number[], start: number, end: number): number[] {
  if (rows.length === 0) return [];
  const picked: number[] = [];
  let best = -1;
  let bestOv = -Infinity;
  for (const r of rows) {
    const cs = cf.clipStart[r]!;
    const ce = cf.clipEnd[r]!;
    const ov = Math.min(ce, end) - Math.max(cs, start);
    if (ov * 2 >= ce - cs && ov > 0) picked.push(r);
    const score = ov > 0 ? ov : -Math.min(Math.abs(cs - end), Math.abs(start - ce));
    if (score > bestOv) {
      bestOv = score;
      best = r;
    }
  }
  return picked.length ? picked : [best];
}

/** Mean of the given clip rows' features (length dim), with the chosen L2 placement. */
export function meanPool(cf: ClipFeatureColumns, rows: readonly number[], opts: PoolOptions = {}): Float32Array {
  const d = cf.dim;
  const out = new Float32Array(d);
  const l2 = opts.l2 ?? 'after';
  if (rows.length === 0)
    throw new NumericError('cannot pool an empty set of clips', {
      hint: 'the instance has no clip features: check the features stage covered this tube/segment',
    });
  for (const r of rows) {
    const f = cf.features.subarray(r * d, (r + 1) * d);
    const s = l2 === 'before' || l2 === 'both' ? invNorm(f) : 1;
    for (let k = 0; k < d; k++) out[k]! += f[k]! * s;
  }
  for (let k = 0; k < d; k++) out[k]! /= rows.length;
  if (l2 === 'after' || l2 === 'both') {
    const s = invNorm(out);
    for (let k = 0; k < d; k++) out[k]! *= s;
  }
  return out;
}

function invNorm(v: Float32Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  return s > 0 ? 1 / Math.sqrt(s) : 1;
}

/**
 * Split [start, end) evenly into m contiguous parts (the first `rem` parts one frame longer); parts are never empty.
 */
export function splitSpan(start: number, end: number, m: number): Array<[number, number]> {
  const len = end - start;
  const parts = Math.max(1, Math.min(m, len));
  const out: Array<[number, number]> = [];
  const base = Math.floor(len / parts);
  const rem = len % parts;
  let s = start;
  for (let i = 0; i < parts; i++) {
    const e = s + base + (i < rem ? 1 : 0);
    out.push([s, e]);
    s = e;
  }
  return out;
}

/**
 * Section 3.4's hypothetical sub-tubes: a tube divided evenly in time into M parts (by its
 * frames, so gaps never produce empty parts). Each part keeps the parent's id and kind.
 */
export function splitTube(tube: Tube, m: number): Tube[] {
  return splitSpan(0, tube.frames.length, m).map(([a, b]) => {
    const scores = tube.scores.slice(a, b);
    return {
      ...tube,
      frames: tube.frames.slice(a, b),
      boxes: tube.boxes.slice(a, b),
      scores,
      score: scores.reduce((x, y) => x + y, 0) / scores.length,
    };
  });
}

/** [first frame, one past the last frame] of a tube. */
export function tubeSpan(t: Tube): [number, number] {
  return [t.frames[0]!, t.frames[t.frames.length - 1]! + 1];
}
