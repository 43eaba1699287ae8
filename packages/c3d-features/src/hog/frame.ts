import type { Box } from '@wsstad/core';

/** Histogram layout per spatial cell: HOG 8 | HOF 8 + 1 no-motion bin | MBHx 8 | MBHy 8. */
export const HOG_BINS = 8;
export const HOF_BINS = 9;
export const MBH_BINS = 8;
export const CELL_LEN = HOG_BINS + HOF_BINS + 2 * MBH_BINS;
const HOF_OFF = HOG_BINS;
const MBHX_OFF = HOF_OFF + HOF_BINS;
const MBHY_OFF = MBHX_OFF + MBH_BINS;
/** Flow below this (working-crop pixels per frame) counts as no motion (Laptev's extra HOF bin). */
export const STILL_FLOW = 0.25;
/** Upper edges of the flow-magnitude histogram bins (log-spaced), last bin open. */
export const MAG_EDGES = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

/** What one region contributes at one frame; tiny, so a clip's worth can be kept per region. */
export interface HogFrameRecord {
  /** gridY * gridX cells of CELL_LEN values, each a per-pixel mean. */
  cells: Float32Array;
  hasFlow: boolean;
  /** Mean flow vector and mean flow magnitude over the region (working-crop pixels per frame). */
  mu: number;
  mv: number;
  mag: number;
  /** Share of the region's pixels per flow-magnitude bin. */
  magHist: Float32Array;
  /** The tube's own box (no context) in source pixels; null for whole frames. */
  box: Box | null;
}

/** Add `w` to an orientation histogram of `bins` bins over [0, 2pi), linearly split between the two nearest bins. */
function vote(h: Float32Array, off: number, bins: number, dx: number, dy: number, w: number): void {
  let a = Math.atan2(dy, dx);
  if (a < 0) a += 2 * Math.PI;
  const pos = (a / (2 * Math.PI)) * bins;
  const b0 = Math.floor(pos) % bins;
  const f = pos - Math.floor(pos);
  h[off + b0] += w * (1 - f);
  h[off + ((b0 + 1) % bins)] += w * f;
}

/**
 * Per-frame histograms of one region: HOG of the current crop, HOF of the flow into it, MBH of the
 * flow's spatial derivatives (motion boundaries: robust to camera/background translation).
 * `flow` is interleaved (u, v) per pixel, or null for a region's first frame.
 */
export function frameRecord(gray: Uint8Array, flow: Float32Array | null, w: number, h: number, gridX: number, gridY: number, box: Box | null): HogFrameRecord {
  const nCells = gridX * gridY;
  const cells = new Float32Array(nCells * CELL_LEN);
  const count = new Float32Array(nCells);
  const magHist = new Float32Array(MAG_EDGES.length + 1);
  let su = 0, sv = 0, sm = 0;
  for (let y = 0; y < h; y++) {
    const cy = Math.min(gridY - 1, Math.floor((y * gridY) / h));
    const ym = y > 0 ? y - 1 : y;
    const yp = y < h - 1 ? y + 1 : y;
    for (let x = 0; x < w; x++) {
      const c = cy * gridX + Math.min(gridX - 1, Math.floor((x * gridX) / w));
      const base = c * CELL_LEN;
      count[c]! += 1;
      const xm = x > 0 ? x - 1 : x;
      const xp = x < w - 1 ? x + 1 : x;
      const gx = gray[y * w + xp]! - gray[y * w + xm]!;
      const gy = gray[yp * w + x]! - gray[ym * w + x]!;
      const gm = Math.sqrt(gx * gx + gy * gy);
      if (gm > 0) vote(cells, base, HOG_BINS, gx, gy, gm / 255);
      if (!flow) continue;
      const i = (y * w + x) * 2;
      const u = flow[i]!, v = flow[i + 1]!;
      const m = Math.sqrt(u * u + v * v);
      su += u; sv += v; sm += m;
      let k = 0;
      while (k < MAG_EDGES.length && m >= MAG_EDGES[k]!) k++;
      magHist[k]! += 1;
      if (m < STILL_FLOW) cells[base + HOF_OFF + HOG_BINS]! += 1;
      else vote(cells, base + HOF_OFF, HOG_BINS, u, v, m);
      const ux = flow[(y * w + xp) * 2]! - flow[(y * w + xm) * 2]!;
      const uy = flow[(yp * w + x) * 2]! - flow[(ym * w + x) * 2]!;
      const vx = flow[(y * w + xp) * 2 + 1]! - flow[(y * w + xm) * 2 + 1]!;
      const vy = flow[(yp * w + x) * 2 + 1]! - flow[(ym * w + x) * 2 + 1]!;
      const um = Math.sqrt(ux * ux + uy * uy);
      const vm = Math.sqrt(vx * vx + vy * vy);
      if (um > 0) vote(cells, base + MBHX_OFF, MBH_BINS, ux, uy, um);
      if (vm > 0) vote(cells, base + MBHY_OFF, MBH_BINS, vx, vy, vm);
    }
  }
  for (let c = 0; c < nCells; c++) {
    const inv = 1 / Math.max(1, count[c]!);
    for (let k = 0; k < CELL_LEN; k++) cells[c * CELL_LEN + k]! *= inv;
  }
  const n = w * h;
  for (let k = 0; k < magHist.length; k++) magHist[k]! /= n;
  return { cells, hasFlow: flow !== null, mu: su / n, mv: sv / n, mag: sm / n, magHist, box };
}

export { HOF_OFF, MBHX_OFF, MBHY_OFF };
