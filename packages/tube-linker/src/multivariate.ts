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
  /** zeta2 in frames: shorter tubes are built (their boxes leave the pool) but not returned. */
  minLength: number;
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
 * Algorithm 2 over all categories (or the seed's only, crossCategory false). Returns the tubes at
 * least `minLength` frames long, in seed order, and how many were built. A box joins at most one
 * cluster and leaves the pool when it does. Clusters of a tube in the making live in flat scratch
 * buffers (one per direction), so the many one-frame clutter tubes allocate nothing.
 * Cost: O(sum over steps of |D_t| * k) IoUs, i.e. O(n * k * mean cluster size).
 */
export function linkMultivariate(ix: DetectionIndex, p: MultivariateParams): { tubes: RawMultiTube[]; built: number } {
  const { boxes, frame, cat, byFrame, frameStart, firstFrame, lastFrame, n } = ix;
  const frames = lastFrame - firstFrame + 1;
  const removed = new Uint8Array(n);
  const tubes: RawMultiTube[] = [];
  let built = 0;
  let seedCat = -1;

  // Appends to dst[d..) the remaining boxes of relative frame f overlapping any of src[a..b) (or their
  // union box), removes them from the pool, closes over the frame when asked; returns the new end.
  const gather = (src: Int32Array, a: number, b: number, f: number, dst: Int32Array, d: number): number => {
    let end = d;
    let ux1 = Infinity,
      uy1 = Infinity,
      ux2 = -Infinity,
      uy2 = -Infinity;
    if (p.temporalMatch === 'unionBox') {
      for (let k = a; k < b; k++) {
        const i = src[k]!;
        ux1 = Math.min(ux1, boxes[i * 4]!);
        uy1 = Math.min(uy1, boxes[i * 4 + 1]!);
        ux2 = Math.max(ux2, boxes[i * 4 + 2]!);
        uy2 = Math.max(uy2, boxes[i * 4 + 3]!);
      }
    }
    for (let k = frameStart[f]!, ke = frameStart[f + 1]!; k < ke; k++) {
      const q = byFrame[k]!;
      if (removed[q] || (!p.crossCategory && cat[q] !== seedCat)) continue;
      let hit = false;
      if (p.temporalMatch === 'unionBox') hit = iouWith(ux1, uy1, ux2, uy2, boxes, q) > p.lambda;
      else
        for (let m = a; m < b && !hit; m++) {
          const i = src[m]!;
          hit = iouWith(boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!, boxes, q) > p.lambda;
        }
      if (hit) dst[end++] = q;
    }
    for (let k = d; k < end; k++) removed[dst[k]!] = 1;
    if (p.cluster !== 'closure') return end;
    // Transitive closure within the frame: add remaining boxes overlapping any member, until none.
    for (let head = d; head < end; head++) {
      const i = dst[head]!;
      for (let k = frameStart[f]!, ke = frameStart[f + 1]!; k < ke; k++) {
        const q = byFrame[k]!;
        if (removed[q] || (!p.crossCategory && cat[q] !== seedCat)) continue;
        if (iouWith(boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!, boxes, q) > p.lambda) {
          removed[q] = 1;
          dst[end++] = q;
        }
      }
    }
    return end;
  };

  const seedBuf = new Int32Array(Math.max(n, 1));
  const bufs = [new Int32Array(Math.max(n, 1)), new Int32Array(Math.max(n, 1))] as const;
  // Per direction: cluster j is buf[starts[j] .. starts[j + 1]) at frame frs[j].
  const starts = [new Int32Array(frames + 1), new Int32Array(frames + 1)] as const;
  const frs = [new Int32Array(frames), new Int32Array(frames)] as const;

  const extend = (seedEnd: number, dir: 1 | -1, side: 0 | 1): number => {
    const buf = bufs[side],
      st = starts[side],
      fr = frs[side];
    let src: Int32Array = seedBuf,
      a = 0,
      b = seedEnd,
      curFrame = frame[seedBuf[0]!]!;
    let count = 0;
    st[0] = 0;
    for (;;) {
      let end = st[count]!;
      let got = -1;
      for (let g = 1; g <= p.gapTolerance + 1; g++) {
        const f = curFrame + dir * g - firstFrame;
        if (f < 0 || f >= frames) break;
        end = gather(src, a, b, f, buf, st[count]!);
        if (end > st[count]!) {
          got = f + firstFrame;
          break;
        }
      }
      if (got < 0) return count;
      fr[count] = got;
      st[count + 1] = end;
      src = buf;
      a = st[count]!;
      b = end;
      curFrame = got;
      count++;
    }
  };

  const cluster = (side: 0 | 1, j: number): RawCluster => ({
    frame: frs[side][j]!,
    positions: Array.from(bufs[side].subarray(starts[side][j]!, starts[side][j + 1]!)),
  });

  // Seeds: score descending, then frame, then category and box (byFrame is frame-major canonical).
  for (const s of seedOrder(ix.score, byFrame)) {
    if (removed[s]) continue;
    seedCat = cat[s]!;
    removed[s] = 1;
    built++;
    // Algorithm 2 lines 4-6: the seed frame's cluster is the seed plus the boxes overlapping the seed.
    seedBuf[0] = s;
    const seedEnd = gather(seedBuf, 0, 1, frame[s]! - firstFrame, seedBuf, 1);
    const nf = extend(seedEnd, 1, 0);
    const nb = extend(seedEnd, -1, 1);
    const firstF = nb ? frs[1][nb - 1]! : frame[s]!;
    const lastF = nf ? frs[0][nf - 1]! : frame[s]!;
    if (lastF - firstF + 1 < p.minLength) continue;
    const clusters: RawCluster[] = [];
    for (let j = nb - 1; j >= 0; j--) clusters.push(cluster(1, j));
    clusters.push({ frame: frame[s]!, positions: Array.from(seedBuf.subarray(0, seedEnd)) });
    for (let j = 0; j < nf; j++) clusters.push(cluster(0, j));
    tubes.push({ clusters, length: lastF - firstF + 1 });
  }
  return { tubes, built };
}
