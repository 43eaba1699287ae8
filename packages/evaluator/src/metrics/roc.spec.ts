import { InputError, NumericError, rocAuc, Rng } from '@wsstad/core';
import { frameLevelAuc } from './frame';
import { rocCurve, trapezoid } from './roc';

const EXACT = 1e-12;

/** Brute-force pair counting, the definition the fast rank formula must match. */
function pairAuc(s: number[], l: number[]): number {
  let u = 0,
    n = 0;
  for (let i = 0; i < s.length; i++)
    for (let j = 0; j < s.length; j++) {
      if (l[i] && !l[j]) {
        n++;
        u += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  return u / n;
}

// rocAuc itself is core's (packages/core/src/metrics/auc.spec.ts); here: the evaluator's uses of it.
describe('evaluator AUCs', () => {
  it('frame-level AUC rejects a single class with an error that says both classes are needed', () => {
    const one = [{ scores: [0.1, 0.2], abnormal: [] }];
    expect(() => frameLevelAuc(one)).toThrow(InputError);
    expect(() => frameLevelAuc(one)).toThrow(/AUC needs both classes: got 0 positive and 2 negative/);
    expect(() => rocCurve([0.1, 0.2], [1, 1])).toThrow(/ROC needs both classes/);
  });

  it('the curve rejects NaN scores and mismatched lengths', () => {
    expect(() => rocCurve([NaN, 0.2], [1, 0])).toThrow(NumericError);
    expect(() => rocCurve([0.1], [1, 0])).toThrow(/1 scores but 2 labels/);
  });

  it('matches pair counting and the curve area on random data with many ties', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 20; t++) {
      const n = 5 + rng.int(0, 40);
      const s = Array.from({ length: n }, () => rng.int(0, 5) / 5);
      const l = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(0, 1)));
      const c = rocCurve(s, l);
      expect(rocAuc(s, l)).toBeCloseTo(pairAuc(s, l), 12);
      expect(Math.abs(trapezoid(c.fpr, c.tpr) - pairAuc(s, l))).toBeLessThan(EXACT);
    }
  });
});

describe('rocCurve', () => {
  it('collapses tied scores into one point and runs from (0,0) to (1,1)', () => {
    const c = rocCurve([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]);
    expect(c.fpr).toEqual([0, 0, 0.5, 1]);
    expect(c.tpr).toEqual([0, 0.5, 1, 1]);
    expect(c.thresholds).toEqual([Infinity, 0.9, 0.5, 0.1]);
  });
});
