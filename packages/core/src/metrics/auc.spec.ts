import { InputError, NumericError } from '../errors';
import { Rng } from '../rng';
import { assertBothClasses, rocAuc } from './auc';

/** The trainer's former rocAuc (O(n^2) pair counting, NaN for one class), kept as the reference. */
function trainerAuc(scores: readonly number[], labels: readonly number[]): number {
  const pos = scores.filter((_, i) => labels[i] === 1);
  const neg = scores.filter((_, i) => labels[i] === 0);
  if (!pos.length || !neg.length) return NaN;
  let u = 0;
  for (const p of pos) for (const n of neg) u += p > n ? 1 : p === n ? 0.5 : 0;
  return u / (pos.length * neg.length);
}

/** The evaluator's former rocAuc (mid-ranks, throws for one class), kept as the second reference. */
function evaluatorAuc(scores: readonly number[], labels: readonly number[]): number {
  assertBothClasses(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rank = 0;
  for (let k = 0; k < order.length;) {
    let j = k;
    while (j < order.length && scores[order[j]!] === scores[order[k]!]) j++;
    for (let t = k; t < j; t++) if (labels[order[t]!]) rank += (k + 1 + j) / 2;
    k = j;
  }
  const pos = labels.filter(Boolean).length;
  return (rank - (pos * (pos + 1)) / 2) / (pos * (labels.length - pos));
}

describe('rocAuc (the one AUC of the project)', () => {
  it('counts a tie between a positive and a negative as 1/2 (hand-computed 3.5/4)', () => {
    expect(rocAuc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.3, 0.3, 0.3], [true, false, true])).toBe(0.5);
    expect(rocAuc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9], [1, 1, 0])).toBe(0);
  });

  it('equals both former implementations on 300 random cases with many ties', () => {
    const rng = new Rng('auc-equivalence');
    for (let t = 0; t < 300; t++) {
      const n = 2 + rng.int(0, 200);
      const levels = 1 + rng.int(0, 20);
      const s = Array.from({ length: n }, () => rng.int(0, levels) / levels);
      const l = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(0, 1)));
      const want = trainerAuc(s, l);
      expect(Math.abs(rocAuc(s, l) - want)).toBeLessThan(1e-12);
      expect(Math.abs(evaluatorAuc(s, l) - want)).toBeLessThan(1e-12);
    }
  });

  it('returns NaN for one class, as the trainer reports it; assertBothClasses throws instead', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
    expect(trainerAuc([0.1, 0.2], [0, 0])).toBeNaN();
    expect(() => assertBothClasses([0.1, 0.2], [1, 1])).toThrow(InputError);
    expect(() => assertBothClasses([0.1, 0.2], [0, 0], 'frame-level AUC')).toThrow(
      /frame-level AUC needs both classes: got 0 positive and 2 negative/,
    );
  });

  it('rejects NaN scores and mismatched lengths', () => {
    expect(() => rocAuc([NaN, 0.2], [1, 0])).toThrow(NumericError);
    expect(() => rocAuc([0.1], [1, 0])).toThrow(/1 scores but 2 labels/);
  });

  it('is O(n log n): 200,000 scores in well under a second', () => {
    const rng = new Rng('auc-large');
    const n = 200_000;
    const s = Float64Array.from({ length: n }, () => rng.next());
    const l = Uint8Array.from({ length: n }, (_, i) => (s[i]! + rng.next() > 1 ? 1 : 0));
    const t0 = performance.now();
    const a = rocAuc(s, l);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(a).toBeGreaterThan(0.6);
  });
});
