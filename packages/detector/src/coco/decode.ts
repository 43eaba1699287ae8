import { COCO80 } from './labels';

/** A raw candidate in normalised [0, 1] input coordinates (x1, y1, x2, y2) with its COCO class index. */
export interface RawBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  cls: number;
}

/**
 * CenterNet (MobileNetV3) `tower_0/detections`: [1, K, 6] rows of x1, y1, x2, y2 (input pixels),
 * score, class index (0 = person). Coordinates are divided by the square input size.
 */
export function decodeCenterNet(
  rows: Float32Array | number[],
  k: number,
  inputSize: number,
  scoreThreshold: number,
): RawBox[] {
  const out: RawBox[] = [];
  for (let i = 0; i < k; i++) {
    const o = i * 6;
    const score = rows[o + 4]!,
      cls = rows[o + 5]!;
    if (!(score >= scoreThreshold) || !Number.isInteger(cls) || cls < 0 || cls >= COCO80.length) continue;
    out.push({
      x1: rows[o]! / inputSize,
      y1: rows[o + 1]! / inputSize,
      x2: rows[o + 2]! / inputSize,
      y2: rows[o + 3]! / inputSize,
      score,
      cls,
    });
  }
  return out;
}

/** One NanoDet level: class scores [cells, 80] and box distributions [cells, 4 * bins] at a stride. */
export interface NanoLevel {
  grid: number;
  stride: number;
  scores: Float32Array;
  reg: Float32Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * NanoDet's generalized-focal-loss head: per cell, the best class score; each box side is the
 * expected value of a softmax over `bins` distance bins, times the stride, measured from the cell
 * centre ((col + 0.5) * stride). Scores are passed through a sigmoid only if they are not already
 * probabilities (the export may or may not include it).
 */
export function decodeNanoDet(levels: NanoLevel[], inputSize: number, scoreThreshold: number): RawBox[] {
  const out: RawBox[] = [];
  for (const L of levels) {
    const cells = L.grid * L.grid;
    const C = L.scores.length / cells;
    const bins = L.reg.length / cells / 4;
    let lo = Infinity,
      hi = -Infinity;
    for (const v of L.scores) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const squash = lo < 0 || hi > 1;
    for (let c = 0; c < cells; c++) {
      let best = -1,
        bs = -Infinity;
      for (let k = 0; k < C; k++) {
        const s = L.scores[c * C + k]!;
        if (s > bs) {
          bs = s;
          best = k;
        }
      }
      const score = squash ? sigmoid(bs) : bs;
      if (!(score >= scoreThreshold)) continue;
      const d = [0, 0, 0, 0].map((_, side) => {
        const o = c * 4 * bins + side * bins;
        let m = -Infinity;
        for (let b = 0; b < bins; b++) m = Math.max(m, L.reg[o + b]!);
        let z = 0,
          e = 0;
        for (let b = 0; b < bins; b++) {
          const w = Math.exp(L.reg[o + b]! - m);
          z += w;
          e += w * b;
        }
        return (e / z) * L.stride;
      });
      const cx = ((c % L.grid) + 0.5) * L.stride,
        cy = (Math.floor(c / L.grid) + 0.5) * L.stride;
      out.push({
        x1: (cx - d[0]!) / inputSize,
        y1: (cy - d[1]!) / inputSize,
        x2: (cx + d[2]!) / inputSize,
        y2: (cy + d[3]!) / inputSize,
        score,
        cls: best,
      });
    }
  }
  return out;
}
