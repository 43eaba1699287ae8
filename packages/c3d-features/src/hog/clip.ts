import { splitSpan } from '@wsstad/core';
import { CELL_LEN, HOF_OFF, HOG_BINS, MAG_EDGES, type HogFrameRecord } from './frame';

/** Global motion statistics appended after the cell histograms (see README for the list). */
export const SERIES_STATS = 9;
export const GLOBAL_LEN = 2 * SERIES_STATS + 4 + 4 + (MAG_EDGES.length + 1) + 4;
const PROFILE_PARTS = 4;
const EPS = 1e-6;

export function hogHofMbhDim(gridX: number, gridY: number, temporalCells: number): number {
  return gridX * gridY * temporalCells * CELL_LEN + GLOBAL_LEN;
}

/** Signed square root: the usual power normalisation of bag-of-motion descriptors, tames outliers. */
const ssqrt = (x: number) => (x < 0 ? -Math.sqrt(-x) : Math.sqrt(x));

/**
 * Clip descriptor from the records of the clip's real frames: per temporal cell, HOG cells averaged
 * and L2-normalised per cell then scaled by hogWeight (appearance: illumination-invariant), HOF/MBH
 * cells averaged over the frames with flow and square-rooted (motion: magnitude kept, so speed is
 * visible); then global
 * velocity / acceleration / jitter statistics of the region's mean flow and of the tube box.
 */
export function clipDescriptor(
  recs: readonly HogFrameRecord[],
  nCells: number,
  temporalCells: number,
  tubeSize: number,
  hogWeight: number,
): Float32Array {
  const out = new Float32Array(nCells * temporalCells * CELL_LEN + GLOBAL_LEN);
  const parts = splitSpan(0, recs.length, temporalCells);
  for (let t = 0; t < temporalCells; t++) {
    const [a, b] = parts[Math.min(t, parts.length - 1)]!;
    const base = t * nCells * CELL_LEN;
    let nAll = 0,
      nFlow = 0;
    for (let i = a; i < b; i++) {
      const r = recs[i]!;
      nAll++;
      if (r.hasFlow) nFlow++;
      for (let c = 0; c < nCells; c++) {
        const o = c * CELL_LEN;
        for (let k = 0; k < HOG_BINS; k++) out[base + o + k]! += r.cells[o + k]!;
        if (r.hasFlow) for (let k = HOF_OFF; k < CELL_LEN; k++) out[base + o + k]! += r.cells[o + k]!;
      }
    }
    for (let c = 0; c < nCells; c++) {
      const o = base + c * CELL_LEN;
      let norm = 0;
      for (let k = 0; k < HOG_BINS; k++) norm += out[o + k]! * out[o + k]!;
      const s = hogWeight / (Math.sqrt(norm) + EPS);
      for (let k = 0; k < HOG_BINS; k++) out[o + k]! *= nAll ? s : 0;
      for (let k = HOF_OFF; k < CELL_LEN; k++) out[o + k] = nFlow ? Math.sqrt(out[o + k]! / nFlow) : 0;
    }
  }
  globalStats(recs, tubeSize, out.subarray(nCells * temporalCells * CELL_LEN));
  return out;
}

function globalStats(recs: readonly HogFrameRecord[], tubeSize: number, g: Float32Array): void {
  const flowRecs = recs.filter((r) => r.hasFlow);
  let o = 0;
  o = seriesStats(
    flowRecs.map((r) => [r.mu, r.mv] as const),
    g,
    o,
  );
  o = seriesStats(boxVelocities(recs, tubeSize), g, o);
  const m = flowRecs.map((r) => r.mag);
  g[o++] = mean(m);
  g[o++] = std(m);
  g[o++] = maxAbsStep(m);
  g[o++] = halfDrop(m);
  const boxes = recs.map((r) => r.box).filter((b) => b !== null);
  if (boxes.length) {
    const lar = boxes.map((b) => Math.log((b[3] - b[1] + 1) / (b[2] - b[0] + 1)));
    const area = (b: (typeof boxes)[number]) => (b[2] - b[0] + 1) * (b[3] - b[1] + 1);
    g[o] = mean(lar);
    g[o + 1] = lar[lar.length - 1]! - lar[0]!;
    g[o + 2] = maxAbsStep(lar);
    g[o + 3] = Math.log(area(boxes[boxes.length - 1]!) / area(boxes[0]!));
  }
  o += 4;
  for (const r of flowRecs) for (let k = 0; k < r.magHist.length; k++) g[o + k]! += r.magHist[k]! / flowRecs.length;
  o += MAG_EDGES.length + 1;
  if (m.length) for (const [a, b] of splitSpan(0, m.length, PROFILE_PARTS)) g[o++] = mean(m.slice(a, b));
  for (let k = 0; k < g.length; k++) g[k] = ssqrt(g[k]!);
}

/** Tube-centre velocity between consecutive records, in working-crop pixels per frame (box size normalised). */
function boxVelocities(recs: readonly HogFrameRecord[], tubeSize: number): Array<readonly [number, number]> {
  const v: Array<readonly [number, number]> = [];
  for (let i = 1; i < recs.length; i++) {
    const a = recs[i - 1]!.box,
      b = recs[i]!.box;
    if (!a || !b) continue;
    const s = Math.sqrt(Math.max(1, (b[2] - b[0]) * (b[3] - b[1])));
    v.push([((b[0] + b[2] - (a[0] + a[2])) / 2 / s) * tubeSize, ((b[1] + b[3] - (a[1] + a[3])) / 2 / s) * tubeSize]);
  }
  return v;
}

/**
 * speed mean/max/std, acceleration mean/max, direction reversal, half-to-half drop, largest one-step drop,
 * straightness.
 */
function seriesStats(v: ReadonlyArray<readonly [number, number]>, g: Float32Array, o: number): number {
  if (v.length === 0) return o + SERIES_STATS;
  const sp = v.map(([x, y]) => Math.hypot(x, y));
  let accSum = 0,
    accMax = 0,
    rev = 0,
    drop = 0,
    nx = 0,
    ny = 0;
  for (let i = 0; i < v.length; i++) {
    nx += v[i]![0];
    ny += v[i]![1];
    if (i === 0) continue;
    const a = Math.hypot(v[i]![0] - v[i - 1]![0], v[i]![1] - v[i - 1]![1]);
    accSum += a;
    accMax = Math.max(accMax, a);
    const dot = v[i]![0] * v[i - 1]![0] + v[i]![1] * v[i - 1]![1];
    rev += Math.max(0, -dot) / (sp[i]! * sp[i - 1]! + EPS);
    drop = Math.max(drop, sp[i - 1]! - sp[i]!);
  }
  const steps = Math.max(1, v.length - 1);
  const total = sp.reduce((s, x) => s + x, 0);
  g[o] = mean(sp);
  g[o + 1] = Math.max(...sp);
  g[o + 2] = std(sp);
  g[o + 3] = accSum / steps;
  g[o + 4] = accMax;
  g[o + 5] = rev / steps;
  g[o + 6] = halfDrop(sp);
  g[o + 7] = drop;
  g[o + 8] = Math.hypot(nx, ny) / (total + EPS);
  return o + SERIES_STATS;
}

const mean = (x: readonly number[]) => (x.length ? x.reduce((s, v) => s + v, 0) / x.length : 0);
function std(x: readonly number[]): number {
  const m = mean(x);
  return x.length ? Math.sqrt(x.reduce((s, v) => s + (v - m) * (v - m), 0) / x.length) : 0;
}
function maxAbsStep(x: readonly number[]): number {
  let m = 0;
  for (let i = 1; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - x[i - 1]!));
  return m;
}
/** Mean of the first half minus mean of the second half: positive when motion stops. */
function halfDrop(x: readonly number[]): number {
  if (x.length < 2) return 0;
  const h = Math.floor(x.length / 2);
  return mean(x.slice(0, h)) - mean(x.slice(x.length - h));
}
