import { seedOrder, type DetectionIndex } from './detection-index';
import type { ClusterMode, TemporalMatch } from './types';

/** One frame of a multivariate tube: the canonical positions of its cluster D_t. */
export interface RawCluster {
  frame: number;
  positions: number[];
}

export interface RawMultiTube {
  clusters: RawCluster[];
  length: number;
}

export interface MultivariateParams {
  lambda: number;
  gapTolerance: number;
  cluster: ClusterMode;
  temporalMatch: TemporalMatch;
  crossCategory: boolean;
}

/** IoU of a box given by value with the box at canonical position q. */
function iouWith(x1: number, y1: number, x2: number, y2: number, b: Float32Array, q: number): number {
  const w = Math.min(x2, b[q * 4 + 2]!) - Math.max(x1, b[q * 4]!);
  if (w <= 0) return 0;
  const h = Math.min(y2, b[q * 4 + 3]!) - Math.max(y1, b[q * 4 + 1]!);
  if (h <= 0) return 0;
  const inter = w * h;
  return inter / ((x2 - x1) * (y2 - y1) + (b[q * 4 + 2]! - b[q * 4]!) * (b[q * 4 + 3]! - b[q * 4 + 1]!) - inter);
}

/**
 * Algorithm 2 over all categories (or the seed's only, crossCategory false): every tube built, in
 * seed order, long or not. A box joins at most one cluster and leaves the pool when it does.
 * Cost: O(sum over steps of |D_t| * k) IoUs, i.e. O(n * k * mean cluster size).
 */
export function linkMultivariate(ix: DetectionIndex, p: MultivariateParams): RawMultiTube[] {
  const { boxes, frame, cat, byFrame, frameStart, firstFrame, lastFrame } = ix;
  const frames = lastFrame - firstFrame + 1;
  const removed = new Uint8Array(ix.n);
  const tubes: RawMultiTube[] = [];
  let seedCat = -1;

  const eligible = (q: number): boolean => !removed[q] && (p.crossCategory || cat[q] === seedCat);

  // Boxes of frame index f (relative) that overlap any member of `from` (or its union box).
  const gather = (from: number[], f: number): number[] => {
    const out: number[] = [];
    let ux1 = Infinity, uy1 = Infinity, ux2 = -Infinity, uy2 = -Infinity;
    if (p.temporalMatch === 'unionBox') {
      for (const i of from) {
        ux1 = Math.min(ux1, boxes[i * 4]!); uy1 = Math.min(uy1, boxes[i * 4 + 1]!);
        ux2 = Math.max(ux2, boxes[i * 4 + 2]!); uy2 = Math.max(uy2, boxes[i * 4 + 3]!);
      }
    }
    for (let k = frameStart[f]!; k < frameStart[f + 1]!; k++) {
      const q = byFrame[k]!;
      if (!eligible(q)) continue;
      if (p.temporalMatch === 'unionBox') {
        if (iouWith(ux1, uy1, ux2, uy2, boxes, q) > p.lambda) out.push(q);
        continue;
      }
      for (const i of from) {
        if (iouWith(boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!, boxes, q) > p.lambda) { out.push(q); break; }
      }
    }
    for (const q of out) removed[q] = 1;
    if (p.cluster === 'closure') closeOver(out, f);
    return out;
  };

  // Transitive closure within one frame: add remaining boxes overlapping any member, until none.
  const closeOver = (members: number[], f: number): void => {
    for (let head = 0; head < members.length; head++) {
      const i = members[head]!;
      for (let k = frameStart[f]!; k < frameStart[f + 1]!; k++) {
        const q = byFrame[k]!;
        if (eligible(q) && iouWith(boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!, boxes, q) > p.lambda) {
          removed[q] = 1;
          members.push(q);
        }
      }
    }
  };

  const extend = (seedCluster: RawCluster, dir: 1 | -1): RawCluster[] => {
    const out: RawCluster[] = [];
    let cur = seedCluster;
    for (;;) {
      let next: RawCluster | undefined;
      for (let g = 1; g <= p.gapTolerance + 1 && !next; g++) {
        const f = cur.frame + dir * g - firstFrame;
        if (f < 0 || f >= frames) break;
        const got = gather(cur.positions, f);
        if (got.length) next = { frame: f + firstFrame, positions: got };
      }
      if (!next) return out;
      out.push(next);
      cur = next;
    }
  };

  // Seeds: score descending, then frame, then category and box (byFrame is frame-major canonical).
  for (const s of seedOrder(ix.score, byFrame)) {
    if (removed[s]) continue;
    seedCat = cat[s]!;
    removed[s] = 1;
    const f0 = frame[s]! - firstFrame;
    // Algorithm 2 lines 4-6: the seed frame's cluster is the seed plus the boxes overlapping the seed.
    // (gather already closes over the cluster when cluster = 'closure'.)
    const members = [s, ...gather([s], f0)];
    const seedCluster = { frame: frame[s]!, positions: members };
    const fwd = extend(seedCluster, 1);
    const bwd = extend(seedCluster, -1);
    const clusters = [...bwd.reverse(), seedCluster, ...fwd];
    tubes.push({ clusters, length: clusters[clusters.length - 1]!.frame - clusters[0]!.frame + 1 });
  }
  return tubes;
}
