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
const TWO_PI = 2 * Math.PI;

/** What one region contributes at one frame; tiny, so a clip's worth can be kept per region. */
export interface HogFrameRecord {
  /**
   * gridY * gridX cells of CELL_LEN values, each a per-pixel mean. Shared between records of equal crops: read-only.
   */
  cells: Float32Array;
  hasFlow: boolean;
  /** Mean flow vector and mean flow magnitude over the region (working-crop pixels per frame). */
  mu: number;
  mv: number;
  mag: number;
  /** Share of the region's pixels per flow-magnitude bin. Read-only (shared like `cells`). */
  magHist: Float32Array;
  /** The tube's own box (no context) in source pixels; null for whole frames. */
  box: Box | null;
}

/** Add `w` to an orientation histogram of `bins` bins over [0, 2pi), linearly split between the two nearest bins. */
function vote(h: Float32Array, off: number, bins: number, dx: number, dy: number, w: number): void {
  let a = Math.atan2(dy, dx);
  if (a < 0) a += TWO_PI;
  const pos = (a / TWO_PI) * bins;
  const fl = Math.floor(pos);
  const f = pos - fl;
  // pos lies in [0, bins] (a = 2pi after rounding gives bins): wrap without a modulo (an idiv or fmod per vote)
  let b0 = fl | 0;
  if (b0 >= bins) b0 -= bins;
  const b1 = b0 + 1 === bins ? 0 : b0 + 1;
  h[off + b0] += w * (1 - f);
  h[off + b1] += w * f;
}

/**
 * HOG votes of every integer gradient: a uint8 crop's central differences are integers in
 * [-255, 255], so the bin and both weights of vote(gx, gy, |g| / 255) are looked up instead of
 * computed per pixel (no atan2 in the HOG pass). Entries are computed with vote()'s exact
 * expressions, so the histograms are bit-identical to per-pixel votes.
 */
interface HogTable {
  bin: Uint8Array;
  bin1: Uint8Array;
  lo: Float64Array;
  hi: Float64Array;
}
const G = 255,
  GS = 2 * G + 1;
let hogTable: HogTable | undefined;
function hogVotes(): HogTable {
  if (hogTable) return hogTable;
  const t: HogTable = {
    bin: new Uint8Array(GS * GS),
    bin1: new Uint8Array(GS * GS),
    lo: new Float64Array(GS * GS),
    hi: new Float64Array(GS * GS),
  };
  for (let gy = -G; gy <= G; gy++) {
    for (let gx = -G; gx <= G; gx++) {
      const i = (gy + G) * GS + gx + G;
      const w = Math.sqrt(gx * gx + gy * gy) / 255;
      let a = Math.atan2(gy, gx);
      if (a < 0) a += TWO_PI;
      const pos = (a / TWO_PI) * HOG_BINS;
      const fl = Math.floor(pos);
      const f = pos - fl;
      t.bin[i] = fl % HOG_BINS;
      t.bin1[i] = (fl + 1) % HOG_BINS;
      t.lo[i] = w * (1 - f);
      t.hi[i] = w * f;
    }
  }
  return (hogTable = t);
}

/** Pixel -> cell maps of one crop size and grid, and the pixel count of each cell. */
interface CellLayout {
  col: Int32Array;
  row: Int32Array;
  inv: Float64Array;
}
const layouts = new Map<string, CellLayout>();
function cellLayout(w: number, h: number, gridX: number, gridY: number): CellLayout {
  const key = `${w}x${h}/${gridX}x${gridY}`;
  let l = layouts.get(key);
  if (l) return l;
  const col = Int32Array.from({ length: w }, (_, x) => Math.min(gridX - 1, Math.floor((x * gridX) / w)));
  const row = Int32Array.from({ length: h }, (_, y) => Math.min(gridY - 1, Math.floor((y * gridY) / h)) * gridX);
  const count = new Float64Array(gridX * gridY);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) count[row[y]! + col[x]!]! += 1;
  l = { col, row, inv: count.map((c) => 1 / Math.max(1, c)) };
  layouts.set(key, l);
  return l;
}

/**
 * Per-frame histograms of one region: HOG of the current crop, HOF of the flow into it, MBH of the
 * flow's spatial derivatives (motion boundaries: robust to camera/background translation).
 * `flow` is interleaved (u, v) per pixel, or null for a region's first frame. Every histogram slot
 * receives its votes in raster order (HOG and flow are separate passes over disjoint slots), so the
 * float32 sums are the same as one interleaved pass.
 */
export function frameRecord(
  gray: Uint8Array,
  flow: Float32Array | null,
  w: number,
  h: number,
  gridX: number,
  gridY: number,
  box: Box | null,
): HogFrameRecord {
  const nCells = gridX * gridY;
  const cells = new Float32Array(nCells * CELL_LEN);
  const magHist = new Float32Array(MAG_EDGES.length + 1);
  const { col, row, inv } = cellLayout(w, h, gridX, gridY);
  const t = hogVotes();
  for (let y = 0; y < h; y++) {
    const r = y * w,
      rm = (y > 0 ? y - 1 : y) * w,
      rp = (y < h - 1 ? y + 1 : y) * w;
    const cy = row[y]!;
    for (let x = 0; x < w; x++) {
      const gx = gray[r + (x < w - 1 ? x + 1 : x)]! - gray[r + (x > 0 ? x - 1 : x)]!;
      const gy = gray[rp + x]! - gray[rm + x]!;
      if (gx === 0 && gy === 0) continue;
      const i = (gy + G) * GS + gx + G;
      const base = (cy + col[x]!) * CELL_LEN;
      cells[base + t.bin[i]!] += t.lo[i]!;
      cells[base + t.bin1[i]!] += t.hi[i]!;
    }
  }
  let su = 0,
    sv = 0,
    sm = 0;
  if (flow) {
    for (let y = 0; y < h; y++) {
      const r = y * w,
        rm = (y > 0 ? y - 1 : y) * w,
        rp = (y < h - 1 ? y + 1 : y) * w;
      const cy = row[y]!;
      for (let x = 0; x < w; x++) {
        const base = (cy + col[x]!) * CELL_LEN;
        const i = (r + x) * 2;
        const u = flow[i]!,
          v = flow[i + 1]!;
        const m = Math.sqrt(u * u + v * v);
        su += u;
        sv += v;
        sm += m;
        let k = 0;
        while (k < MAG_EDGES.length && m >= MAG_EDGES[k]!) k++;
        magHist[k] += 1;
        if (m < STILL_FLOW) cells[base + HOF_OFF + HOG_BINS] += 1;
        else vote(cells, base + HOF_OFF, HOG_BINS, u, v, m);
        const ip = (r + (x < w - 1 ? x + 1 : x)) * 2,
          im = (r + (x > 0 ? x - 1 : x)) * 2;
        const jp = (rp + x) * 2,
          jm = (rm + x) * 2;
        const ux = flow[ip]! - flow[im]!;
        const uy = flow[jp]! - flow[jm]!;
        const vx = flow[ip + 1]! - flow[im + 1]!;
        const vy = flow[jp + 1]! - flow[jm + 1]!;
        const um = Math.sqrt(ux * ux + uy * uy);
        const vm = Math.sqrt(vx * vx + vy * vy);
        if (um > 0) vote(cells, base + MBHX_OFF, MBH_BINS, ux, uy, um);
        if (vm > 0) vote(cells, base + MBHY_OFF, MBH_BINS, vx, vy, vm);
      }
    }
  }
  for (let c = 0; c < nCells; c++) {
    const s = inv[c]!;
    for (let k = 0; k < CELL_LEN; k++) cells[c * CELL_LEN + k] *= s;
  }
  const n = w * h;
  for (let k = 0; k < magHist.length; k++) magHist[k] /= n;
  return { cells, hasFlow: flow !== null, mu: su / n, mv: sv / n, mag: sm / n, magHist, box };
}

export { HOF_OFF, MBHX_OFF, MBHY_OFF };
