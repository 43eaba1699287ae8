import { rocAuc, Rng } from '@wsstad/core';
import {
  bootstrapCi,
  bootstrapWeights,
  pairedBootstrap,
  pairedSeedVideoBootstrap,
  percentileInterval,
  seedVideoBootstrapCi,
  type WeightedStatistic,
} from './bootstrap';
import { weightedAuc, weightedMean } from './weighted';

const TOL = 1e-12;
const constant =
  (c: number): WeightedStatistic =>
  () =>
    c;

describe('percentileInterval', () => {
  it('takes ranks floor(B a/2) and ceil(B (1 - a/2)) - 1 of the sorted values', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(percentileInterval(v, 0.9)).toEqual({ lo: 6, hi: 95 });
    expect(percentileInterval(v, 0.98)).toEqual({ lo: 2, hi: 99 });
    expect(() => percentileInterval([], 0.95)).toThrow(/no bootstrap resample/);
  });
});

describe('bootstrapWeights', () => {
  it('draws n videos per resample, within each stratum, deterministically', () => {
    const strata = [1, 1, 1, 0, 0];
    const ws = bootstrapWeights(5, { resamples: 50, seed: 3, strata });
    for (const w of ws) {
      expect(w[0]! + w[1]! + w[2]!).toBe(3);
      expect(w[3]! + w[4]!).toBe(2);
    }
    expect(bootstrapWeights(5, { resamples: 50, seed: 3, strata })).toEqual(ws);
    expect(bootstrapWeights(5, { resamples: 50, seed: 4, strata })).not.toEqual(ws);
  });
});

describe('bootstrapCi (hand-computed cases)', () => {
  it('a statistic that does not depend on the draw has a zero-width interval', () => {
    expect(bootstrapCi(constant(0.7), 10, { resamples: 100 })).toMatchObject({
      estimate: 0.7,
      lo: 0.7,
      hi: 0.7,
      resamples: 100,
    });
  });
  it('mean of the two values {0, 1}: resample means 0, 1/2, 1 with probabilities 1/4, 1/2, 1/4', () => {
    const mean = weightedMean([0, 1]);
    // 95%: the 2.5% and 97.5% quantiles fall in the 0 and 1 atoms
    expect(bootstrapCi(mean, 2, { resamples: 4000, seed: 1 })).toMatchObject({ estimate: 0.5, lo: 0, hi: 1 });
    // 40%: the 30% and 70% quantiles both fall in the 1/2 atom (mass from 25% to 75%)
    expect(bootstrapCi(mean, 2, { resamples: 4000, seed: 1, level: 0.4 })).toMatchObject({ lo: 0.5, hi: 0.5 });
  });
  it('the interval of a mean matches the normal approximation 1.96 sd / sqrt(n)', () => {
    const n = 101;
    const x = Array.from({ length: n }, (_, i) => i / (n - 1));
    const m = x.reduce((a, b) => a + b) / n;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    const ci = bootstrapCi(weightedMean(x), n, { resamples: 2000, seed: 7 })!;
    const half = (ci.hi - ci.lo) / 2;
    const TOLERANCE = 0.1; // Monte Carlo error of 2000 resamples and the discreteness of the data
    expect(Math.abs(half / ((1.96 * sd) / Math.sqrt(n)) - 1)).toBeLessThan(TOLERANCE);
    expect(ci.lo).toBeLessThan(0.5);
    expect(ci.hi).toBeGreaterThan(0.5);
  });
  it('is null when the statistic is undefined on the split itself', () => {
    expect(bootstrapCi(weightedMean([null, null]), 2)).toBeNull();
  });
});

describe('pairedBootstrap', () => {
  it('a constant per-video advantage gives exactly that difference, sign +1', () => {
    const b = [0.2, 0.9, 0.4, 0.1];
    const d = pairedBootstrap(weightedMean(b.map((x) => x + 0.1)), weightedMean(b), 4, { resamples: 500 })!;
    expect(d.estimate).toBeCloseTo(0.1, 12);
    expect(d.lo).toBeCloseTo(0.1, 12);
    expect(d.hi).toBeCloseTo(0.1, 12);
    expect(d.sign).toBe(1);
    expect(d.shareAtOrBelowZero).toBe(0);
    expect(pairedBootstrap(weightedMean(b), weightedMean(b.map((x) => x + 0.1)), 4, { resamples: 500 })!.sign).toBe(-1);
  });
  it('identical methods: difference 0, not resolved', () => {
    const a = weightedMean([0.3, 0.6]);
    expect(pairedBootstrap(a, a, 2, { resamples: 200 })).toMatchObject({
      estimate: 0,
      lo: 0,
      hi: 0,
      sign: 0,
      shareAtOrBelowZero: 1,
    });
  });
  it('differences {1, 0} per video: the difference of means is 0, 1/2, 1 w.p. 1/4, 1/2, 1/4', () => {
    const d = pairedBootstrap(weightedMean([1, 0]), weightedMean([0, 0]), 2, { resamples: 4000, seed: 2 })!;
    expect(d).toMatchObject({ estimate: 0.5, lo: 0, hi: 1, sign: 0 });
    expect(Math.abs(d.shareAtOrBelowZero - 0.25)).toBeLessThan(0.03); // 4000 draws: sd 0.007
  });
  it('pairing removes the variance the two share: unpaired intervals overlap, the paired one excludes 0', () => {
    const rng = new Rng('paired');
    const base = Array.from({ length: 60 }, () => rng.next());
    const a = weightedMean(base.map((x) => x + 0.05 + 0.01 * rng.next()));
    const b = weightedMean(base);
    const ca = bootstrapCi(a, 60, { resamples: 500 })!;
    const cb = bootstrapCi(b, 60, { resamples: 500 })!;
    expect(ca.lo).toBeLessThan(cb.hi);
    expect(pairedBootstrap(a, b, 60, { resamples: 500 })!.sign).toBe(1);
  });
});

describe('over seeds and videos', () => {
  it('with one seed equals the bootstrap over videos', () => {
    const s = weightedMean([0.1, 0.5, 0.9]);
    expect(seedVideoBootstrapCi([s], 3, { resamples: 300, seed: 5 })).toEqual(
      bootstrapCi(s, 3, { resamples: 300, seed: 5 }),
    );
  });
  it('seed-to-seed spread: seeds scoring 0 and 1 give resample means 0, 1/2, 1 (1/4, 1/2, 1/4)', () => {
    expect(seedVideoBootstrapCi([constant(0), constant(1)], 5, { resamples: 4000 })).toMatchObject({
      estimate: 0.5,
      lo: 0,
      hi: 1,
    });
    expect(seedVideoBootstrapCi([constant(0), constant(1)], 5, { resamples: 4000, level: 0.4 })).toMatchObject({
      lo: 0.5,
      hi: 0.5,
    });
  });
  it('paired over seeds: a variant 0.2 above on every seed and video', () => {
    const d = pairedSeedVideoBootstrap(
      [constant(0.7), constant(0.8)],
      [constant(0.5), constant(0.6), constant(0.55)],
      4,
      { resamples: 300 },
    )!;
    expect(d.estimate).toBeCloseTo(0.75 - 0.55, 12);
    expect(d.sign).toBe(1);
    expect(d.lo).toBeGreaterThan(0.1);
  });
});

describe('weightedAuc', () => {
  it('at weights 1 equals rocAuc of all elements (ties 1/2), and duplicates clusters by weight', () => {
    const rng = new Rng('auc');
    const clusters = Array.from({ length: 12 }, (_, i) => {
      const len = 1 + (i % 4);
      return {
        scores: Array.from({ length: len }, () => Math.round(rng.next() * 5) / 5),
        labels: Array.from({ length: len }, () => (rng.next() < 0.4 ? 1 : 0)),
      };
    });
    const stat = weightedAuc(clusters);
    const flat = (cs: typeof clusters) => [cs.flatMap((c) => c.scores), cs.flatMap((c) => c.labels)] as const;
    expect(Math.abs(stat(new Array(12).fill(1))! - rocAuc(...flat(clusters)))).toBeLessThan(TOL);
    const w = [2, 0, 1, 3, 0, 1, 1, 0, 2, 1, 0, 1];
    const dup = clusters.flatMap((c, i) => Array.from({ length: w[i]! }, () => c));
    expect(Math.abs(stat(w)! - rocAuc(...flat(dup)))).toBeLessThan(TOL);
  });
  it('video-level: one element per cluster; null without a class', () => {
    const s = weightedAuc([
      { scores: [0.9], labels: [1] },
      { scores: [0.4], labels: [0] },
      { scores: [0.4], labels: [1] },
    ]);
    expect(s([1, 1, 1])).toBeCloseTo(0.75, 12);
    expect(s([1, 0, 1])).toBeNull();
  });
});
