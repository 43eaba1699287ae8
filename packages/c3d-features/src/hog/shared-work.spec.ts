import type { Tube } from '@wsstad/core';
import { DEFAULT_HOG_HOF_MBH } from '../defaults';
import { extractClipFeatures } from '../extract';
import { syntheticVideo, tubeOf, walker } from '../test-utils';
import { createHogHofMbhBackbone } from './backbone';
import { CELL_LEN, frameRecord, HOF_OFF, HOG_BINS, MAG_EDGES, MBHX_OFF, MBHY_OFF, STILL_FLOW } from './frame';

const GRID = { clipLength: 16, stride: 16, minTailFrames: 4 };

/** The per-pixel formulation frameRecord had before its lookup table and split passes (the specification). */
function referenceRecord(gray: Uint8Array, flow: Float32Array | null, w: number, h: number, gx3: number, gy3: number) {
  const vote = (hh: Float32Array, off: number, bins: number, dx: number, dy: number, wt: number) => {
    let a = Math.atan2(dy, dx);
    if (a < 0) a += 2 * Math.PI;
    const pos = (a / (2 * Math.PI)) * bins;
    const b0 = Math.floor(pos) % bins;
    const f = pos - Math.floor(pos);
    hh[off + b0] += wt * (1 - f);
    hh[off + ((b0 + 1) % bins)] += wt * f;
  };
  const cells = new Float32Array(gx3 * gy3 * CELL_LEN),
    count = new Float32Array(gx3 * gy3),
    magHist = new Float32Array(MAG_EDGES.length + 1);
  let su = 0,
    sm = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = Math.min(gy3 - 1, Math.floor((y * gy3) / h)) * gx3 + Math.min(gx3 - 1, Math.floor((x * gx3) / w));
      const base = c * CELL_LEN;
      count[c] += 1;
      const xm = x > 0 ? x - 1 : x,
        xp = x < w - 1 ? x + 1 : x,
        ym = y > 0 ? y - 1 : y,
        yp = y < h - 1 ? y + 1 : y;
      const gx = gray[y * w + xp]! - gray[y * w + xm]!,
        gy = gray[yp * w + x]! - gray[ym * w + x]!;
      const gm = Math.sqrt(gx * gx + gy * gy);
      if (gm > 0) vote(cells, base, HOG_BINS, gx, gy, gm / 255);
      if (!flow) continue;
      const i = (y * w + x) * 2,
        u = flow[i]!,
        v = flow[i + 1]!,
        m = Math.sqrt(u * u + v * v);
      su += u;
      sm += m;
      let k = 0;
      while (k < MAG_EDGES.length && m >= MAG_EDGES[k]!) k++;
      magHist[k] += 1;
      if (m < STILL_FLOW) cells[base + HOF_OFF + HOG_BINS] += 1;
      else vote(cells, base + HOF_OFF, HOG_BINS, u, v, m);
      const ux = flow[(y * w + xp) * 2]! - flow[(y * w + xm) * 2]!,
        uy = flow[(yp * w + x) * 2]! - flow[(ym * w + x) * 2]!;
      const vx = flow[(y * w + xp) * 2 + 1]! - flow[(y * w + xm) * 2 + 1]!,
        vy = flow[(yp * w + x) * 2 + 1]! - flow[(ym * w + x) * 2 + 1]!;
      const um = Math.sqrt(ux * ux + uy * uy),
        vm = Math.sqrt(vx * vx + vy * vy);
      if (um > 0) vote(cells, base + MBHX_OFF, 8, ux, uy, um);
      if (vm > 0) vote(cells, base + MBHY_OFF, 8, vx, vy, vm);
    }
  }
  for (let c = 0; c < count.length; c++)
    for (let k = 0; k < CELL_LEN; k++) cells[c * CELL_LEN + k] *= 1 / Math.max(1, count[c]!);
  for (let k = 0; k < magHist.length; k++) magHist[k] /= w * h;
  return { cells, magHist, mu: su / (w * h), mag: sm / (w * h) };
}

/** Deterministic pseudo-random values (LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('hog-hof-mbh shared work (lookup tables, crop and record reuse)', () => {
  it('frameRecord is bit-identical to the per-pixel formulation (HOG from the lookup table, split passes)', () => {
    const rnd = lcg(7);
    for (const [w, h] of [
      [32, 32],
      [64, 48],
      [7, 5],
    ] as const) {
      const gray = Uint8Array.from({ length: w * h }, () => Math.floor(rnd() * 256));
      // flow with still pixels, tiny and large values, both signs, some exact zeros
      const flow = Float32Array.from({ length: w * h * 2 }, (_, i) =>
        i % 17 === 0 ? 0 : (rnd() - 0.5) * (i % 3 ? 0.4 : 30),
      );
      for (const fl of [flow, null]) {
        const got = frameRecord(gray, fl, w, h, 3, 3, null);
        const want = referenceRecord(gray, fl, w, h, 3, 3);
        expect(Buffer.from(got.cells.buffer).equals(Buffer.from(want.cells.buffer))).toBe(true);
        expect(Buffer.from(got.magHist.buffer).equals(Buffer.from(want.magHist.buffer))).toBe(true);
        expect(got.mu).toBe(want.mu);
        expect(got.mag).toBe(want.mag);
      }
    }
  });

  it(
    'regions sharing a crop box (duplicate tubes, a still tube, the whole frame) get the features they ' + 'get alone',
    async () => {
      const a = walker((f) => 20 + 2 * f, 40),
        still = walker(() => 90, 60, 16, 30, [90, 200, 120]);
      const video = syntheticVideo(160, 120, 40, [a, still]);
      const ta = tubeOf(1, a, 0, 40);
      // a "multivariate" tube equal to tube 1 on its later frames (a cluster of one detection), and an exact duplicate
      const part: Tube = { ...tubeOf(2, a, 10, 40), kind: 'multivariate' };
      const dup: Tube = { ...ta, id: 3 };
      const tubes = [ta, part, dup, tubeOf(4, still, 0, 40)];
      const bb = await createHogHofMbhBackbone(DEFAULT_HOG_HOF_MBH, 0.25);
      try {
        const together = await extractClipFeatures(video, tubes, bb, { grid: GRID, wholeFrame: true });
        for (const [i, t] of [null, ...tubes].entries()) {
          const fresh = await createHogHofMbhBackbone(DEFAULT_HOG_HOF_MBH, 0.25);
          const alone = await extractClipFeatures(video, t ? [t] : [], fresh, {
            grid: GRID,
            wholeFrame: t === null,
          }).finally(() => fresh.dispose());
          const src = t ? t.id : -1;
          const rows = [...together.source.keys()].filter((r) => together.source[r] === src);
          expect(rows.length).toBe(alone.source.length);
          const d = together.dim;
          const mine = Float32Array.from(
            rows.flatMap((r) => Array.from(together.features.subarray(r * d, (r + 1) * d))),
          );
          expect(Buffer.from(mine.buffer).equals(Buffer.from(alone.features.buffer))).toBe(true);
          if (i === 0) expect(rows.length).toBeGreaterThan(1);
        }
        // the duplicate's rows equal tube 1's, and the partial tube's clips differ (own grid from frame 10)
        const rowsOf = (s: number) => [...together.source.keys()].filter((r) => together.source[r] === s);
        expect(rowsOf(3).map((r) => together.features[r * together.dim + 600])).toEqual(
          rowsOf(1).map((r) => together.features[r * together.dim + 600]),
        );
      } finally {
        bb.dispose();
      }
    },
  );
});
