import { InputError } from '@wsstad/core';

/** One anomalous time range of a video: frames [startFrame, endFrame) whose score exceeds the threshold. */
export interface AnomalousRange {
  startFrame: number;
  /** Exclusive. */
  endFrame: number;
  /** startFrame / fps (null when the frame rate is unknown). */
  startSeconds: number | null;
  /** endFrame / fps (null when the frame rate is unknown). */
  endSeconds: number | null;
  /** Highest frame score inside the range. */
  peak: number;
}

export interface RangeOptions {
  /** A frame is anomalous when its score is > threshold (>= with strict: false). */
  threshold: number;
  strict?: boolean;
  /** Frames per second for the time stamps; 0 or undefined = unknown. */
  fps?: number;
  /**
   * Runs separated by at most this many frames below the threshold are merged into one range (default 0: only adjacent
   * frames).
   */
  maxGap?: number;
}

/**
 * The merged anomalous time ranges of one video: frames above the threshold, runs of consecutive
 * frames merged (and gaps of at most maxGap frames bridged), each with its start/end frame,
 * seconds and peak score. Empty when no frame exceeds the threshold. This is the user-facing
 * answer to "when did something happen" (the infer CLI prints it; the infer stage writes it next
 * to the frame scores).
 */
export function anomalousRanges(frameScores: ArrayLike<number>, opts: RangeOptions): AnomalousRange[] {
  const { threshold, strict = true, fps = 0, maxGap = 0 } = opts;
  if (!Number.isFinite(threshold))
    throw new InputError(`range threshold must be a finite number, got ${threshold}`, {
      hint: 'e.g. rangeThreshold: 0.2',
    });
  if (!Number.isInteger(maxGap) || maxGap < 0)
    throw new InputError(`maxGap must be a non-negative integer, got ${maxGap}`);
  const above = (s: number) => (strict ? s > threshold : s >= threshold);
  const runs: Array<{ s: number; e: number; peak: number }> = [];
  for (let f = 0; f < frameScores.length; f++) {
    const v = frameScores[f]!;
    if (!above(v)) continue;
    const last = runs[runs.length - 1];
    if (last && f - last.e <= maxGap) {
      last.e = f + 1;
      last.peak = Math.max(last.peak, v);
    } else {
      runs.push({ s: f, e: f + 1, peak: v });
    }
  }
  const sec = (f: number) => (fps > 0 ? +(f / fps).toFixed(3) : null);
  return runs.map(({ s, e, peak }) => ({ startFrame: s, endFrame: e, startSeconds: sec(s), endSeconds: sec(e), peak }));
}
