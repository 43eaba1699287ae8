import type { Box } from './types';

/**
 * Box geometry in pixel coordinates, x1 <= x2 and y1 <= y2, continuous convention
 * (a box [0,0,10,10] has area 100). Degenerate boxes have area 0 and IoU 0 with anything,
 * including themselves, so they can never link or win an overlap test.
 */
export function area(b: Box): number {
  const w = b[2] - b[0];
  const h = b[3] - b[1];
  return w > 0 && h > 0 ? w * h : 0;
}

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Box, b: Box): number {
  const inter = intersection(a, b);
  if (inter === 0) return 0;
  return inter / (area(a) + area(b) - inter);
}

/** IoU of boxes stored flat in a Float32Array at offsets i and j (4 values each): hot path of linking. */
export function iouFlat(boxes: ArrayLike<number>, i: number, j: number): number {
  const a = i * 4;
  const b = j * 4;
  const w = Math.min(boxes[a + 2]!, boxes[b + 2]!) - Math.max(boxes[a]!, boxes[b]!);
  if (w <= 0) return 0;
  const h = Math.min(boxes[a + 3]!, boxes[b + 3]!) - Math.max(boxes[a + 1]!, boxes[b + 1]!);
  if (h <= 0) return 0;
  const inter = w * h;
  const aa = (boxes[a + 2]! - boxes[a]!) * (boxes[a + 3]! - boxes[a + 1]!);
  const bb = (boxes[b + 2]! - boxes[b]!) * (boxes[b + 3]! - boxes[b + 1]!);
  return inter / (aa + bb - inter);
}

/** The smallest box enclosing all given boxes. Throws on an empty list: there is no neutral box. */
export function unionBox(boxes: readonly Box[]): Box {
  if (boxes.length === 0) throw new RangeError('unionBox of an empty list');
  let [x1, y1, x2, y2] = boxes[0]!;
  for (let i = 1; i < boxes.length; i++) {
    const b = boxes[i]!;
    if (b[0] < x1) x1 = b[0];
    if (b[1] < y1) y1 = b[1];
    if (b[2] > x2) x2 = b[2];
    if (b[3] > y2) y2 = b[3];
  }
  return [x1, y1, x2, y2];
}

/** Clip a box to a width x height frame; may return a zero-area box if it lies outside. */
export function clipBox(b: Box, width: number, height: number): Box {
  const x1 = Math.min(Math.max(b[0], 0), width);
  const y1 = Math.min(Math.max(b[1], 0), height);
  const x2 = Math.min(Math.max(b[2], 0), width);
  const y2 = Math.min(Math.max(b[3], 0), height);
  return [x1, y1, Math.max(x1, x2), Math.max(y1, y2)];
}

/** Expand a box to a square of side max(w, h) * (1 + margin) around its centre (C3D region crops). */
export function squareContext(b: Box, margin: number): Box {
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  const half = (Math.max(b[2] - b[0], b[3] - b[1]) * (1 + margin)) / 2;
  return [cx - half, cy - half, cx + half, cy + half];
}

export function isValidBox(b: Box): boolean {
  return b.every(Number.isFinite) && b[2] >= b[0] && b[3] >= b[1];
}
