import { InputError, type DetectionColumns } from '@wsstad/core';

/**
 * Detections in a canonical order, independent of the input order: by category name, then frame,
 * then score (descending), then x1, y1, x2, y2. Every tie-break of the linkers is "lower canonical
 * position first", so two inputs holding the same detections in different orders give the same
 * tubes (exact duplicates are interchangeable: their rows are identical).
 */
export interface DetectionIndex {
  n: number;
  /** Sorted category names; `cat[p]` indexes into it. */
  categories: string[];
  frame: Int32Array;
  /** Flat x1, y1, x2, y2 per canonical position. */
  boxes: Float32Array;
  score: Float32Array;
  cat: Int32Array;
  /** The input row of each canonical position. */
  row: Int32Array;
  /** Canonical positions of category c are [catStart[c], catStart[c + 1]). */
  catStart: Int32Array;
  firstFrame: number;
  /** Inclusive; firstFrame - 1 when there are no detections. */
  lastFrame: number;
  /**
   * Canonical positions grouped by frame (category order kept): frame f holds byFrame[frameStart[f - firstFrame] ..
   * frameStart[f - firstFrame + 1]).
   */
  byFrame: Int32Array;
  frameStart: Int32Array;
}

function check(d: DetectionColumns): void {
  const n = d.frame.length;
  if (d.score.length !== n || d.category.length !== n || d.boxes.length !== n * 4) {
    throw new InputError(
      `detections columns disagree in length (frame ${n}, score ${d.score.length}, ` +
        `category ${d.category.length}, boxes ${d.boxes.length / 4})`,
      { hint: 'rebuild the detections artifact' },
    );
  }
  for (let i = 0; i < n; i++) {
    if (d.frame[i]! < 0)
      throw new InputError(`detection ${i} has a negative frame index ${d.frame[i]}`, {
        hint: 'frame indices are 0-based',
      });
    if (!Number.isFinite(d.score[i]!))
      throw new InputError(`detection ${i} (frame ${d.frame[i]}) has a non-finite score`, {
        hint: 'scores must be finite numbers in [0, 1]',
      });
    for (let k = 0; k < 4; k++) {
      if (!Number.isFinite(d.boxes[i * 4 + k]!))
        throw new InputError(`detection ${i} (frame ${d.frame[i]}) has a non-finite box coordinate`, {
          hint: 'boxes are finite pixel x1, y1, x2, y2',
        });
    }
  }
}

/** Stable counting sort of `items` by integer key in [0, buckets); returns the new order and bucket starts. */
function countingSort(
  items: Int32Array,
  key: (i: number) => number,
  buckets: number,
): { out: Int32Array; start: Int32Array } {
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < items.length; i++) start[key(items[i]!) + 1]!++;
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, buckets);
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) out[fill[key(items[i]!)]!++] = items[i]!;
  return { out, start };
}

function iota(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

export function indexDetections(d: DetectionColumns): DetectionIndex {
  check(d);
  const n = d.frame.length;
  const categories = [...new Set(d.category)].sort();
  const catOf = new Map(categories.map((c, i) => [c, i]));
  // A plain loop: Int32Array.from with a map function was the slowest line of the whole linker.
  const rawCat = new Int32Array(n);
  for (let i = 0; i < n; i++) rawCat[i] = catOf.get(d.category[i]!)!;
  let firstFrame = Infinity;
  let lastFrame = -Infinity;
  for (let i = 0; i < n; i++) {
    if (d.frame[i]! < firstFrame) firstFrame = d.frame[i]!;
    if (d.frame[i]! > lastFrame) lastFrame = d.frame[i]!;
  }
  if (n === 0) {
    firstFrame = 0;
    lastFrame = -1;
  }
  const frames = lastFrame - firstFrame + 1;
  // Two stable counting sorts give (category, frame) groups; each group is then ordered by score and box.
  const byF = countingSort(iota(n), (i) => d.frame[i]! - firstFrame, frames).out;
  const byCF = countingSort(byF, (i) => rawCat[i]!, categories.length).out;
  const before = (a: number, b: number): boolean => {
    if (d.score[a]! !== d.score[b]!) return d.score[a]! > d.score[b]!;
    for (let k = 0; k < 4; k++) {
      if (d.boxes[a * 4 + k]! !== d.boxes[b * 4 + k]!) return d.boxes[a * 4 + k]! < d.boxes[b * 4 + k]!;
    }
    return false;
  };
  // Sort each (category, frame) group: insertion sort for the usual few boxes, a comparator sort past 24.
  for (let s = 0; s < n;) {
    let e = s + 1;
    while (e < n && rawCat[byCF[e]!] === rawCat[byCF[s]!] && d.frame[byCF[e]!] === d.frame[byCF[s]!]) e++;
    if (e - s > 24) {
      const g = Array.from(byCF.subarray(s, e)).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      byCF.set(g, s);
      s = e;
      continue;
    }
    for (let i = s + 1; i < e; i++) {
      const v = byCF[i]!;
      let j = i - 1;
      while (j >= s && before(v, byCF[j]!)) {
        byCF[j + 1] = byCF[j]!;
        j--;
      }
      byCF[j + 1] = v;
    }
    s = e;
  }
  const frame = new Int32Array(n);
  const boxes = new Float32Array(n * 4);
  const score = new Float32Array(n);
  const cat = new Int32Array(n);
  const row = new Int32Array(n);
  const catStart = new Int32Array(categories.length + 1);
  for (let p = 0; p < n; p++) {
    const i = byCF[p]!;
    frame[p] = d.frame[i]!;
    for (let k = 0; k < 4; k++) boxes[p * 4 + k] = d.boxes[i * 4 + k]!;
    score[p] = d.score[i]!;
    cat[p] = rawCat[i]!;
    row[p] = i;
    catStart[cat[p]! + 1]!++;
  }
  for (let c = 0; c < categories.length; c++) catStart[c + 1]! += catStart[c]!;
  const { out: byFrame, start: frameStart } = countingSort(iota(n), (p) => frame[p]! - firstFrame, Math.max(frames, 0));
  return { n, categories, frame, boxes, score, cat, row, catStart, firstFrame, lastFrame, byFrame, frameStart };
}

/**
 * `items` (canonical positions) sorted for seeding: score descending, ties by their rank in `items`
 * (pass them in the tie order wanted). An LSD radix sort (3 passes of 11 bits, stable) on the
 * order-preserving uint32 image of the float32 score: linear time, no comparator calls.
 */
export function seedOrder(score: Float32Array, items: Int32Array): Int32Array {
  const m = items.length;
  const f = new Float32Array(1);
  const u32 = new Uint32Array(f.buffer);
  let keys = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    f[0] = score[items[k]!]!;
    const u = u32[0]!;
    // Order-preserving map of float32 bits to uint32 (negatives flipped), inverted for descending order.
    keys[k] = ~(u & 0x80000000 ? ~u : u | 0x80000000) >>> 0;
  }
  let idx = new Int32Array(items);
  let keys2 = new Uint32Array(m);
  let idx2 = new Int32Array(m);
  const count = new Int32Array(2048);
  for (let shift = 0; shift < 33; shift += 11) {
    count.fill(0);
    for (let k = 0; k < m; k++) count[(keys[k]! >>> shift) & 2047]!++;
    for (let b = 0, sum = 0; b < 2048; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const dst = count[(keys[k]! >>> shift) & 2047]!++;
      keys2[dst] = keys[k]!;
      idx2[dst] = idx[k]!;
    }
    [keys, keys2] = [keys2, keys];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
