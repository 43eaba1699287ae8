import { assertBothClasses, InputError, rocAuc } from '@wsstad/core';
import type { ThresholdOptions } from './localization';

/** One test video's video-level prediction: the top-1 (sub-)tube's score (section 5.1). */
export interface VideoPrediction {
  score: number;
  abnormal: boolean;
}

/** Video-level AUC (VAUC) in [0, 1]: ROC AUC of the videos' top-1 scores against their labels; throws for one class. */
export function videoAuc(videos: readonly VideoPrediction[]): number {
  const scores = videos.map((v) => v.score);
  const labels = videos.map((v) => v.abnormal);
  assertBothClasses(scores, labels);
  return rocAuc(scores, labels);
}

/**
 * False-alarm rate (Appendix E, Table 7) in [0, 1]: the share of normal test videos whose top-1
 * score exceeds `threshold` (default 0.2, "20% threshold"; strict `>` unless opts.strict = false).
 * Throws InputError when there is no normal video.
 */
export function falseAlarmRate(normalScores: readonly number[], threshold = 0.2, opts: ThresholdOptions = {}): number {
  if (normalScores.length === 0)
    throw new InputError('false-alarm rate needs at least one normal test video', {
      hint: 'add normal videos to the test split',
    });
  const strict = opts.strict ?? true;
  return normalScores.filter((s) => (strict ? s > threshold : s >= threshold)).length / normalScores.length;
}
