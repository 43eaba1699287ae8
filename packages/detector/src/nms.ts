import { iou, type Box } from '@wsstad/core';

export interface Candidate {
  box: Box;
  score: number;
  cls: string;
}

/**
 * Class-aware greedy NMS: within each class, a box is dropped when it overlaps a kept
 * higher-scoring box by IoU > iouThreshold. Returns at most maxKeep boxes, best first.
 * (The tfjs path uses tf.image.nonMaxSuppressionAsync per class instead; the ONNX path stays in JS
 * because its candidates are already decoded on the CPU.)
 */
export function classAwareNms(cands: readonly Candidate[], iouThreshold: number, maxKeep: number): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.length >= maxKeep) break;
    if (kept.some((k) => k.cls === c.cls && iou(k.box, c.box) > iouThreshold)) continue;
    kept.push(c);
  }
  return kept;
}
