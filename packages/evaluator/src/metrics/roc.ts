import { InputError, NumericError } from '@wsstad/core';

/**
 * ROC curve and AUC. Ties are handled the way the Mann-Whitney U statistic does: a positive and a
 * negative with equal scores count 1/2. The curve groups tied scores into one point (so its
 * trapezoidal area equals that U-based AUC exactly), which is also what scikit-learn's roc_curve
 * does with drop_intermediate=False.
 */
export interface RocCurve {
  /** False-positive rate at each threshold, from (0,0) to (1,1). */
  fpr: number[];
  tpr: number[];
  /** Score threshold of each point: a sample is predicted positive when score >= threshold. The first point is +Infinity. */
  thresholds: number[];
  positives: number;
  negatives: number;
}

function check(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>, what: string): { pos: number; neg: number } {
  if (scores.length !== labels.length) {
    throw new InputError(`${what}: ${scores.length} scores but ${labels.length} labels`, { hint: 'pass one label per score' });
  }
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) throw new NumericError(`${what}: score ${i} is ${scores[i]}; scores must be finite`, { hint: 'check the scorer output for NaN' });
    if (labels[i]) pos++;
  }
  const neg = scores.length - pos;
  if (pos === 0 || neg === 0) {
    throw new InputError(`${what} needs both classes: got ${pos} positive and ${neg} negative samples`, {
      hint: 'evaluate on a split with normal and abnormal videos (AUC is undefined for one class)',
    });
  }
  return { pos, neg };
}

/** ROC curve points (tied scores collapse into one point). Throws InputError for a single class. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): RocCurve {
  const { pos, neg } = check(scores, labels, 'ROC');
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const s = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!]! === s) {
      if (labels[order[k]!]) tp++;
      else fp++;
      k++;
    }
    fpr.push(fp / neg);
    tpr.push(tp / pos);
    thresholds.push(s);
  }
  return { fpr, tpr, thresholds, positives: pos, negatives: neg };
}

/** Trapezoidal area under a curve given by increasing x. */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let a = 0;
  for (let i = 1; i < x.length; i++) a += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return a;
}

/**
 * Area under the ROC curve in [0, 1], computed as the Mann-Whitney U statistic with mid-ranks:
 * P(score of a random positive > score of a random negative) + 1/2 P(equal). O(n log n).
 * Throws InputError when only one class is present.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const { pos, neg } = check(scores, labels, 'AUC');
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j < order.length && scores[order[j]!]! === scores[order[k]!]!) j++;
    const midRank = (k + 1 + j) / 2; // ranks k+1..j, 1-based
    for (let t = k; t < j; t++) if (labels[order[t]!]) rankSumPos += midRank;
    k = j;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
