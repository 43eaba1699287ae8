import { assertBothClasses, countClasses } from '@wsstad/core';

/**
 * ROC curve and AUC. Ties are handled the way the Mann-Whitney U statistic does: a positive and a
 * negative with equal scores count 1/2. The curve groups tied scores into one point (so its
 * trapezoidal area equals that U-based AUC exactly), which is also what scikit-learn's roc_curve
 * does with drop_intermediate=False. The AUC itself is core's `rocAuc` (the project's one AUC).
 */
export interface RocCurve {
  /** False-positive rate at each threshold, from (0,0) to (1,1). */
  fpr: number[];
  tpr: number[];
  /**
   * Score threshold of each point: a sample is predicted positive when score >= threshold. The first point is
   * +Infinity.
   */
  thresholds: number[];
  positives: number;
  negatives: number;
}

/** ROC curve points (tied scores collapse into one point). Throws InputError for a single class. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): RocCurve {
  assertBothClasses(scores, labels, 'ROC');
  const { pos, neg } = countClasses(scores, labels, 'ROC');
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length;) {
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
