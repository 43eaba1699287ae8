import { ConfigError } from '@wsstad/core';

/**
 * The operating point of a trained model, stored in model.json `calibration`. A raw score of eq. 9
 * means nothing to a user (its range depends on the data, the detector and the training run), so
 * training fixes a threshold on held-out NORMAL videos: the smallest score that at most
 * `falseAlarmRate` of them exceed. At inference a score above it is "abnormal"; its percentile
 * among these normal scores says how unusual it is. Only video-level labels are used.
 */
export interface Calibration {
  /** Scores strictly above this are abnormal. */
  threshold: number;
  /** The requested false-alarm rate (share of normal videos allowed above the threshold). */
  falseAlarmRate: number;
  /** Share of the held-out normal videos actually above the threshold (<= falseAlarmRate; discrete). */
  achievedFalseAlarmRate: number;
  /** The held-out normal videos' scores, ascending (the distribution percentiles are read from). */
  normalScores: number[];
  /** Held-out abnormal videos' scores, ascending (for the report's distributions; not used for the threshold). */
  abnormalScores: number[];
  /** Where the scores came from, for people reading model.json. */
  source: string;
  /**
   * The same operating point for candidate and frame scores when inference scores each candidate
   * alone (infer `bag` 'split', the default, or 'instance'): the threshold over the held-out normal
   * videos' best single-candidate score. Those scores run higher than in-bag ones, so tubes and
   * anomalous time ranges are cut here while the verdict uses `threshold`.
   */
  candidate?: { threshold: number; achievedFalseAlarmRate: number; normalScores: number[] };
}

/** Verdict of one score at a model's operating point. */
export interface Verdict {
  score: number;
  /** Percent of held-out normal videos scoring at or below this score (0-100). */
  percentile: number;
  verdict: 'normal' | 'abnormal';
  threshold: number;
  falseAlarmRate: number;
}

/**
 * Threshold at a false-alarm rate from normal scores: with n scores sorted ascending and
 * k = floor(far * n) allowed exceedances, threshold = the (n-1-k)-th score, so at most k scores lie
 * strictly above it. Throws when there is no normal score (no operating point can be stated).
 */
export function calibrateThreshold(
  normalScores: readonly number[],
  falseAlarmRate: number,
  abnormalScores: readonly number[] = [],
  source = 'held-out normal validation videos',
): Calibration {
  if (!(falseAlarmRate >= 0 && falseAlarmRate < 1))
    throw new ConfigError(`falseAlarmRate must be in [0, 1), got ${falseAlarmRate}`, {
      hint: 'e.g. calibration: { falseAlarmRate: 0.05 }',
    });
  const s = normalScores
    .filter(Number.isFinite)
    .slice()
    .sort((a, b) => a - b);
  if (s.length === 0)
    throw new ConfigError('no held-out normal video to calibrate the threshold on', {
      hint: 'keep validationFraction > 0 and give the training split normal videos',
    });
  const k = Math.floor(falseAlarmRate * s.length + 1e-9);
  const threshold = s[s.length - 1 - Math.min(k, s.length - 1)]!;
  const above = s.filter((x) => x > threshold).length;
  return {
    threshold,
    falseAlarmRate,
    achievedFalseAlarmRate: above / s.length,
    normalScores: s,
    abnormalScores: abnormalScores
      .filter(Number.isFinite)
      .slice()
      .sort((a, b) => a - b),
    source,
  };
}

/** Percent of the sorted normal scores at or below `score` (binary search; 0-100). */
export function normalPercentile(score: number, sortedNormal: readonly number[]): number {
  if (!sortedNormal.length) return NaN;
  let lo = 0,
    hi = sortedNormal.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedNormal[mid]! <= score) lo = mid + 1;
    else hi = mid;
  }
  return (100 * lo) / sortedNormal.length;
}

/** Score, percentile among normal validation videos, and the verdict at the calibrated threshold. */
export function verdictFor(
  score: number,
  cal: Pick<Calibration, 'threshold' | 'falseAlarmRate' | 'normalScores'>,
): Verdict {
  return {
    score,
    percentile: normalPercentile(score, cal.normalScores),
    verdict: score > cal.threshold ? 'abnormal' : 'normal',
    threshold: cal.threshold,
    falseAlarmRate: cal.falseAlarmRate,
  };
}
