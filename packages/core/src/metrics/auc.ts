import { InputError, NumericError } from '../errors';

type Labels = ArrayLike<boolean | number>;

/** Positives (truthy labels) and negatives; throws when lengths differ or a score is not finite. */
export function countClasses(scores: ArrayLike<number>, labels: Labels, what = 'AUC'): { pos: number; neg: number } {
  if (scores.length !== labels.length) {
    const hint = 'pass one label per score';
    throw new InputError(`${what}: ${scores.length} scores but ${labels.length} labels`, { hint });
  }
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) {
      throw new NumericError(`${what}: score ${i} is ${scores[i]}; scores must be finite`, {
        hint: 'check the scorer output for NaN',
      });
    }
    if (labels[i]) pos++;
  }
  return { pos, neg: scores.length - pos };
}

/**
 * Throws InputError unless both classes are present: for callers where a one-class AUC is a
 * mistake (an evaluation split), not a state to report (a validation set early in training).
 */
export function assertBothClasses(scores: ArrayLike<number>, labels: Labels, what = 'AUC'): void {
  const { pos, neg } = countClasses(scores, labels, what);
  if (pos === 0 || neg === 0) {
    throw new InputError(`${what} needs both classes: got ${pos} positive and ${neg} negative samples`, {
      hint: 'evaluate on a split with normal and abnormal videos (AUC is undefined for one class)',
    });
  }
}

/**
 * Area under the ROC curve in [0, 1]: the Mann-Whitney U statistic with mid-ranks, i.e.
 * P(score of a random positive > score of a random negative) + 1/2 P(equal). O(n log n).
 * A label is positive when truthy (1 or true). Contract: NaN when only one class is present (the
 * AUC is undefined; call `assertBothClasses` first where that is an error); throws InputError when
 * the lengths differ and NumericError for a non-finite score.
 */
export function rocAuc(scores: ArrayLike<number>, labels: Labels): number {
  const { pos, neg } = countClasses(scores, labels);
  if (pos === 0 || neg === 0) return NaN;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  for (let k = 0; k < order.length;) {
    let j = k;
    while (j < order.length && scores[order[j]!]! === scores[order[k]!]!) j++;
    const midRank = (k + 1 + j) / 2; // ranks k+1..j, 1-based
    for (let t = k; t < j; t++) if (labels[order[t]!]) rankSumPos += midRank;
    k = j;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
