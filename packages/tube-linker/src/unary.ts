import { iouFlat, type Box } from '@wsstad/core';
import { seedOrder, type DetectionIndex } from './detection-index';

/** A tube before ids and scores: canonical positions in time order. */
export interface RawTube {
  positions: number[];
  /** Frames spanned: last frame - first frame + 1 (equals the box count without gaps). */
  length: number;
}

export interface UnaryParams {
  eta: number;
  lambda: number;
  gapTolerance: number;
  /** zeta1 in frames: shorter tubes are built (their boxes leave the pool) but not returned. */
  minLength: number;
}

/**
 * Algorithm 1 for one category. Returns the tubes at least `minLength` frames long, in seed order,
 * and how many were built in all. Boxes leave the pool as soon as a tube takes them, kept or not
 * ({B}.delete(T)); a tube never revisits a frame (forward goes up, backward down), so this equals
 * deleting them once the tube is done.
 *
 * Cost: each step scans the boxes of the next frame (up to gapTolerance + 1 frames) and every box
 * joins exactly one tube, so a category costs O(n * k) IoUs for n boxes, k per frame, plus the seed sort.
 */
export function linkUnaryCategory(ix: DetectionIndex, c: number, p: UnaryParams): { tubes: RawTube[]; built: number } {
  const cs = ix.catStart[c]!;
  const ce = ix.catStart[c + 1]!;
  const { boxes, score, frame, firstFrame, lastFrame } = ix;
  // Per-frame slices of this category's block: frame f holds [off[f - firstFrame], off[f - firstFrame + 1]).
  const frames = lastFrame - firstFrame + 1;
  const off = new Int32Array(frames + 1);
  for (let q = cs; q < ce; q++) off[frame[q]! - firstFrame + 1]!++;
  off[0] = cs;
  for (let f = 0; f < frames; f++) off[f + 1]! += off[f]!;
  const removed = new Uint8Array(ce - cs);
  const tubes: RawTube[] = [];
  let built = 0;

  // Best next box after `cur` in the first frame (of up to gapTolerance + 1, in direction dir) that has
  // an overlapping box: argmax of eq. 11, ties to the lower canonical position; -1 when none.
  const step = (cur: number, dir: number): number => {
    for (let g = 1; g <= p.gapTolerance + 1; g++) {
      const f = frame[cur]! + dir * g - firstFrame;
      if (f < 0 || f >= frames) return -1;
      let best = -1;
      let bestSl = -Infinity;
      for (let q = off[f]!, end = off[f + 1]!; q < end; q++) {
        if (removed[q - cs]) continue;
        const u = iouFlat(boxes, cur, q);
        if (u <= p.lambda) continue;
        const sl = score[cur]! + score[q]! + p.eta * u;
        if (sl > bestSl) {
          bestSl = sl;
          best = q;
        }
      }
      if (best >= 0) return best;
    }
    return -1;
  };

  // Reused buffers: most seeds (clutter) make one-box tubes, so nothing is allocated for them.
  const fwd = new Int32Array(frames);
  const bwd = new Int32Array(frames);
  const items = new Int32Array(ce - cs);
  for (let k = 0; k < items.length; k++) items[k] = cs + k;
  for (const s of seedOrder(score, items)) {
    if (removed[s - cs]) continue;
    removed[s - cs] = 1;
    built++;
    let nf = 0;
    for (let nx = step(s, 1); nx >= 0; nx = step(nx, 1)) {
      fwd[nf++] = nx;
      removed[nx - cs] = 1;
    }
    let nb = 0;
    for (let nx = step(s, -1); nx >= 0; nx = step(nx, -1)) {
      bwd[nb++] = nx;
      removed[nx - cs] = 1;
    }
    const first = nb ? bwd[nb - 1]! : s;
    const last = nf ? fwd[nf - 1]! : s;
    const length = frame[last]! - frame[first]! + 1;
    if (length < p.minLength) continue;
    const positions: number[] = [];
    for (let k = nb - 1; k >= 0; k--) positions.push(bwd[k]!);
    positions.push(s);
    for (let k = 0; k < nf; k++) positions.push(fwd[k]!);
    tubes.push({ positions, length });
  }
  return { tubes, built };
}

export function boxAt(ix: DetectionIndex, p: number): Box {
  return [ix.boxes[p * 4]!, ix.boxes[p * 4 + 1]!, ix.boxes[p * 4 + 2]!, ix.boxes[p * 4 + 3]!];
}
