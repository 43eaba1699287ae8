import { iouFlat, type Box } from '@wsstad/core';
import { seedOrder, type DetectionIndex } from './detection-index';
import type { LinkMotion } from './types';

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
  /** 'constant-velocity': a box also links when it overlaps the tube's box moved on by the tube's last step. */
  motion?: LinkMotion;
  /** With motion: the farthest centre jump per frame (in box sizes) of the fallback link; 0 = no fallback. */
  motionGate?: number;
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
  // an overlapping box: argmax of eq. 11, ties to the lower canonical position; -1 when none. With
  // motion, the IoU term is the larger of the overlap with `cur` and with `cur` moved on at the
  // velocity of the tube's last step (`before` -> `cur`): a fast object whose consecutive boxes no
  // longer overlap still links to where it went. When no box of that frame overlaps either (a tube's
  // first step has no velocity yet; a sharp turn), a box of similar size whose centre lies within
  // `motionGate` box sizes per frame of either position links instead (the fallback never outbids an
  // overlapping box); once the velocity is known the reach shrinks with the object's speed.
  const cv = p.motion === 'constant-velocity';
  const gate = cv ? (p.motionGate ?? 0) : 0;
  const step = (cur: number, before: number, dir: number): number => {
    let vx = 0,
      vy = 0;
    if (cv && before >= 0) {
      const dt = frame[cur]! - frame[before]!;
      vx = (boxes[cur * 4]! + boxes[cur * 4 + 2]! - boxes[before * 4]! - boxes[before * 4 + 2]!) / 2 / dt;
      vy = (boxes[cur * 4 + 1]! + boxes[cur * 4 + 3]! - boxes[before * 4 + 1]! - boxes[before * 4 + 3]!) / 2 / dt;
    }
    const moving = vx !== 0 || vy !== 0;
    // The fallback's reach: the full gate while the velocity is unknown, else shrunk towards a quarter for a
    // slow object (a still person does not jump a box width; a runner turning does).
    let reach = gate;
    if (gate > 0 && before >= 0) {
      const size = Math.sqrt(
        Math.max(1e-9, (boxes[cur * 4 + 2]! - boxes[cur * 4]!) * (boxes[cur * 4 + 3]! - boxes[cur * 4 + 1]!)),
      );
      reach = gate * Math.min(1, 0.25 + Math.hypot(vx, vy) / size);
    }
    for (let g = 1; g <= p.gapTolerance + 1; g++) {
      const f = frame[cur]! + dir * g - firstFrame;
      if (f < 0 || f >= frames) return -1;
      const dx = vx * dir * g,
        dy = vy * dir * g;
      let best = -1;
      let bestSl = -Infinity;
      for (let q = off[f]!, end = off[f + 1]!; q < end; q++) {
        if (removed[q - cs]) continue;
        let u = iouFlat(boxes, cur, q);
        if (moving) u = Math.max(u, shiftedIou(boxes, cur, dx, dy, q));
        if (u <= p.lambda) continue;
        const sl = score[cur]! + score[q]! + p.eta * u;
        if (sl > bestSl) {
          bestSl = sl;
          best = q;
        }
      }
      if (best < 0 && gate > 0) {
        for (let q = off[f]!, end = off[f + 1]!; q < end; q++) {
          if (removed[q - cs]) continue;
          const u = jumpSimilarity(boxes, cur, dx, dy, q, reach * g);
          if (u <= p.lambda) continue;
          const sl = score[cur]! + score[q]! + p.eta * u;
          if (sl > bestSl) {
            bestSl = sl;
            best = q;
          }
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
    for (let at = s, before = -1, nx = step(s, -1, 1); nx >= 0; before = at, at = nx, nx = step(at, before, 1)) {
      fwd[nf++] = nx;
      removed[nx - cs] = 1;
    }
    let nb = 0;
    // Backwards from the seed, the velocity comes from the first forward step (if any).
    const ahead = nf ? fwd[0]! : -1;
    for (
      let at = s, before = ahead, nx = step(s, ahead, -1);
      nx >= 0;
      before = at, at = nx, nx = step(at, before, -1)
    ) {
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

/** IoU of box `a` shifted by (dx, dy) with box `b` (flat x1 y1 x2 y2 rows), as core's iouFlat. */
function shiftedIou(boxes: ArrayLike<number>, a: number, dx: number, dy: number, b: number): number {
  const ax1 = boxes[a * 4]! + dx,
    ay1 = boxes[a * 4 + 1]! + dy,
    ax2 = boxes[a * 4 + 2]! + dx,
    ay2 = boxes[a * 4 + 3]! + dy;
  const bx1 = boxes[b * 4]!,
    by1 = boxes[b * 4 + 1]!,
    bx2 = boxes[b * 4 + 2]!,
    by2 = boxes[b * 4 + 3]!;
  const iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const ih = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter);
}

/**
 * The fallback link's IoU stand-in: the IoU of the two boxes' shapes (box `b` moved onto `a`'s centre), scaled down
 * linearly with the centre jump from `a` or from `a` moved by (dx, dy), whichever is nearer; 0 past `reach` box
 * sizes (the square root of `a`'s area).
 */
function jumpSimilarity(boxes: ArrayLike<number>, a: number, dx: number, dy: number, b: number, reach: number): number {
  const aw = boxes[a * 4 + 2]! - boxes[a * 4]!,
    ah = boxes[a * 4 + 3]! - boxes[a * 4 + 1]!;
  const bw = boxes[b * 4 + 2]! - boxes[b * 4]!,
    bh = boxes[b * 4 + 3]! - boxes[b * 4 + 1]!;
  if (aw <= 0 || ah <= 0 || bw <= 0 || bh <= 0) return 0;
  const ax = (boxes[a * 4]! + boxes[a * 4 + 2]!) / 2,
    ay = (boxes[a * 4 + 1]! + boxes[a * 4 + 3]!) / 2;
  const bx = (boxes[b * 4]! + boxes[b * 4 + 2]!) / 2,
    by = (boxes[b * 4 + 1]! + boxes[b * 4 + 3]!) / 2;
  const jump = Math.min(Math.hypot(bx - ax, by - ay), Math.hypot(bx - ax - dx, by - ay - dy)) / Math.sqrt(aw * ah);
  if (jump >= reach) return 0;
  const inter = Math.min(aw, bw) * Math.min(ah, bh);
  return (inter / (aw * ah + bw * bh - inter)) * (1 - jump / reach);
}
