import { assertBothClasses, InputError, rocAuc } from '@wsstad/core';

/** A half-open frame interval [start, end). */
export type FrameInterval = readonly [number, number];

/**
 * One test video for the frame-level metric: a score per frame and its abnormal intervals (empty for normal videos).
 */
export interface FrameLevelVideo {
  scores: ArrayLike<number>;
  abnormal: readonly FrameInterval[];
}

/**
 * An interval clipped to [0, frameCount): null when nothing of it lies inside (or it is inverted).
 * TypedArray.fill counts negative bounds back from the array's end, so every fill below goes through here.
 */
export function clipInterval(start: number, end: number, frameCount: number): [number, number] | null {
  const s = Math.max(0, Math.min(frameCount, Math.ceil(start)));
  const e = Math.max(0, Math.min(frameCount, Math.ceil(end)));
  return e > s ? [s, e] : null;
}

/**
 * Copy each segment's score to its frames (Sultani et al.'s convention). Segments are half-open
 * [start, end) intervals; frames no segment covers get `fill` (default 0); where segments overlap
 * the later one wins.
 */
export function segmentScoresToFrames(
  segments: readonly FrameInterval[],
  scores: ArrayLike<number>,
  frameCount: number,
  fill = 0,
): Float32Array {
  if (segments.length !== scores.length)
    throw new InputError(`${segments.length} segments but ${scores.length} scores`);
  const out = new Float32Array(frameCount).fill(fill);
  segments.forEach(([s, e], i) => {
    const c = clipInterval(s, e, frameCount);
    if (c) out.fill(scores[i]!, c[0], c[1]);
  });
  return out;
}

/**
 * Per-frame ground-truth labels (1 abnormal) of a video from its abnormal intervals, each clipped
 * to the video (parts outside it and inverted intervals label nothing; validateGroundTruthFor rejects them at load).
 */
export function frameLabels(frameCount: number, abnormal: readonly FrameInterval[]): Uint8Array {
  const l = new Uint8Array(frameCount);
  for (const [s, e] of abnormal) {
    const c = clipInterval(s, e, frameCount);
    if (c) l.fill(1, c[0], c[1]);
  }
  return l;
}

/**
 * Frame-level AUC (Appendix F, Table 8) in [0, 1]: the frames of all videos concatenated, one ROC
 * over them. Throws InputError when all frames share one label.
 */
export function frameLevelAuc(videos: readonly FrameLevelVideo[]): number {
  const { scores, labels } = concatFrames(videos);
  assertBothClasses(scores, labels);
  return rocAuc(scores, labels);
}

/** The concatenated (score, label) arrays behind frameLevelAuc (also used to draw its ROC). */
export function concatFrames(videos: readonly FrameLevelVideo[]): { scores: Float32Array; labels: Uint8Array } {
  const total = videos.reduce((n, v) => n + v.scores.length, 0);
  const scores = new Float32Array(total);
  const labels = new Uint8Array(total);
  let off = 0;
  for (const v of videos) {
    scores.set(Array.from(v.scores), off);
    labels.set(frameLabels(v.scores.length, v.abnormal), off);
    off += v.scores.length;
  }
  return { scores, labels };
}
