import { iou, type Box } from '@wsstad/core';
import type { WeightedStatistic } from '../metrics/bootstrap';

/** A video's detections: frame per detection and boxes flat, x1 y1 x2 y2 per detection (core's DetectionColumns). */
export interface DetectionBoxes {
  frame: ArrayLike<number>;
  boxes: ArrayLike<number>;
}

/** Per abnormal test video: how many ground-truth event boxes a detection covers at each IoU threshold. */
export interface RecallCounts {
  boxes: number;
  /** threshold (as written, e.g. '0.3') -> boxes with a detection of IoU >= threshold in the same frame. */
  hits: Record<string, number>;
}

/**
 * Detector recall of the anomaly objects in one video: a ground-truth event box is found when a
 * detection in the same frame overlaps it with IoU >= t. What the detector misses no tube, feature
 * or training can localise: the first rung of the ladder.
 */
export function detectorRecallCounts(
  gt: { frames: readonly number[]; boxes: readonly Box[] },
  det: DetectionBoxes,
  thresholds: readonly number[],
): RecallCounts {
  const byFrame = new Map<number, Box[]>();
  for (let i = 0; i < det.frame.length; i++) {
    const f = det.frame[i]!;
    const l = byFrame.get(f);
    const b = [det.boxes[4 * i]!, det.boxes[4 * i + 1]!, det.boxes[4 * i + 2]!, det.boxes[4 * i + 3]!] as Box;
    if (l) l.push(b);
    else byFrame.set(f, [b]);
  }
  const hits = Object.fromEntries(thresholds.map((t) => [String(t), 0]));
  gt.frames.forEach((f, i) => {
    const best = Math.max(0, ...(byFrame.get(f) ?? []).map((b) => iou(b, gt.boxes[i]!)));
    for (const t of thresholds) if (best >= t) hits[String(t)]!++;
  });
  return { boxes: gt.frames.length, hits };
}

/** Recall over videos drawn with multiplicities w: sum of hits / sum of boxes (null without boxes). */
export function weightedRecall(counts: readonly RecallCounts[], threshold: number): WeightedStatistic {
  return (w) => {
    let h = 0;
    let n = 0;
    counts.forEach((c, i) => {
      h += w[i]! * c.hits[String(threshold)]!;
      n += w[i]! * c.boxes;
    });
    return n === 0 ? null : h / n;
  };
}
