import { iouFlat, type Box } from '@wsstad/core';
import { seedOrder, type DetectionIndex } from './detection-index';

/** A tube before ids and the length threshold: canonical positions in time order. */
export interface RawTube {
  positions: number[];
  /** Frames spanned: last frame - first frame + 1 (equals the box count without gaps). */
  length: number;
}

export interface UnaryParams {
  eta: number;
  lambda: number;
  gapTolerance: number;
}

/**
 * Algorithm 1 for one category: every tube built, in seed order, long or not (the caller applies
 * zeta1). Boxes are deleted from the pool as soon as a tube takes them; a tube never revisits a
 * frame (forward goes up, backward down), so this equals deleting them after the tube is done.
 *
 * Cost: each step scans the boxes of the next frame (up to gapTolerance + 1 frames), and every box
 * joins exactly one tube, so a category costs O(n * k) IoUs for n boxes, k per frame, plus the seed sort.
 */
export function linkUnaryCategory(ix: DetectionIndex, c: number, p: UnaryParams): RawTube[] {
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

  // Best next box after `cur` in the first frame (of up to gapTolerance + 1, in direction dir) that has
  // an overlapping box: argmax of eq. 11, ties to the lower canonical position; -1 when none.
  const step = (cur: number, dir: 1 | -1): number => {
    for (let g = 1; g <= p.gapTolerance + 1; g++) {
      const f = frame[cur]! + dir * g - firstFrame;
      if (f < 0 || f >= frames) return -1;
      let best = -1;
      let bestSl = -Infinity;
      for (let q = off[f]!; q < off[f + 1]!; q++) {
        if (removed[q - cs]) continue;
        const u = iouFlat(boxes, cur, q);
        if (u <= p.lambda) continue;
        const sl = score[cur]! + score[q]! + p.eta * u;
        if (sl > bestSl) { bestSl = sl; best = q; }
      }
      if (best >= 0) return best;
    }
    return -1;
  };

  const items = Int32Array.from({ length: ce - cs }, (_, k) => cs + k);
  for (const s of seedOrder(score, items)) {
    if (removed[s - cs]) continue;
    removed[s - cs] = 1;
    const fwd: number[] = [];
    for (let cur = s, nx = step(cur, 1); nx >= 0; cur = nx, nx = step(cur, 1)) { fwd.push(nx); removed[nx - cs] = 1; }
    const bwd: number[] = [];
    for (let cur = s, nx = step(cur, -1); nx >= 0; cur = nx, nx = step(cur, -1)) { bwd.push(nx); removed[nx - cs] = 1; }
    const positions = [...bwd.reverse(), s, ...fwd];
    tubes.push({ positions, length: frame[positions[positions.length - 1]!]! - frame[positions[0]!]! + 1 });
  }
  return tubes;
}

export function boxAt(ix: DetectionIndex, p: number): Box {
  return [ix.boxes[p * 4]!, ix.boxes[p * 4 + 1]!, ix.boxes[p * 4 + 2]!, ix.boxes[p * 4 + 3]!];
}
