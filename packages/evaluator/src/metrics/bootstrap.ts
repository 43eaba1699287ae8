import { InputError, Rng } from '@wsstad/core';

/**
 * Bootstrap confidence intervals over test videos (and training seeds).
 *
 * A statistic is a function of per-video multiplicities `w` (w[i] = how often video i is drawn;
 * all ones = the test split itself), so one resample costs no copying and every metric of the
 * evaluator (AUC over videos or frames, MIoU, FAR, IoU@eps) is written once, weighted.
 * Resampling is stratified by `strata` (normal / abnormal by default in the evaluator): each
 * resample keeps the class counts, so VAUC is always defined and the interval measures the
 * sampling of videos within each class. Intervals are percentile intervals: with the B resample
 * values sorted ascending, lo = v[floor(B * a/2)] and hi = v[ceil(B * (1 - a/2)) - 1],
 * a = 1 - level. Deterministic given `seed` (core Rng).
 */
export type WeightedStatistic = (w: ArrayLike<number>) => number | null;

export interface BootstrapOptions {
  /** Resamples (default DEFAULT_BOOTSTRAP.resamples). */
  resamples?: number;
  /** Two-sided level (default 0.95). */
  level?: number;
  seed?: string | number;
  /** Per video, its stratum (e.g. 1 abnormal, 0 normal); videos are drawn within their stratum. */
  strata?: ArrayLike<number>;
}

export const DEFAULT_BOOTSTRAP = Object.freeze({ resamples: 1000, level: 0.95 });

export interface Interval {
  /** The statistic on the test split itself (all weights 1; over seeds: the mean over seeds). */
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  /** Resamples where the statistic was defined. */
  resamples: number;
}

export interface PairedDifference extends Interval {
  /** +1: A > B (the interval excludes zero from above), -1: A < B, 0: not resolved (the interval contains zero). */
  sign: 1 | -1 | 0;
  /** Share of resamples with difference <= 0 (a one-sided bootstrap p-value for "A > B"). */
  shareAtOrBelowZero: number;
}

/** Percentile interval of resample values (see the module comment for the ranks). */
export function percentileInterval(values: readonly number[], level: number): { lo: number; hi: number } {
  if (values.length === 0)
    throw new InputError('no bootstrap resample had a defined statistic', {
      hint: 'each stratum needs at least one video of each class the statistic uses',
    });
  const v = [...values].sort((a, b) => a - b);
  const a = 1 - level;
  const EPS = 1e-9; // 1 - 0.9 is 0.0999...: without it the rank moves by one
  const lo = v[Math.min(v.length - 1, Math.floor(v.length * (a / 2) + EPS))]!;
  const hi = v[Math.max(0, Math.ceil(v.length * (1 - a / 2) - EPS) - 1)]!;
  return { lo, hi };
}

/** B multiplicity vectors of n videos, drawn with replacement within each stratum. */
export function bootstrapWeights(n: number, opts: BootstrapOptions = {}): Uint16Array[] {
  const B = opts.resamples ?? DEFAULT_BOOTSTRAP.resamples;
  if (!Number.isInteger(B) || B < 1)
    throw new InputError(`resamples must be a positive integer, got ${B}`, { hint: 'e.g. 1000' });
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const s = opts.strata ? opts.strata[i]! : 0;
    const g = groups.get(s);
    if (g) g.push(i);
    else groups.set(s, [i]);
  }
  const rng = new Rng(`bootstrap/${opts.seed ?? 0}/${n}`);
  const out: Uint16Array[] = [];
  for (let b = 0; b < B; b++) {
    const w = new Uint16Array(n);
    for (const members of groups.values())
      for (let k = 0; k < members.length; k++) w[members[rng.int(0, members.length - 1)]!]!++;
    out.push(w);
  }
  return out;
}

function levelOf(opts: BootstrapOptions): number {
  const level = opts.level ?? DEFAULT_BOOTSTRAP.level;
  if (!(level > 0 && level < 1)) throw new InputError(`level must be in (0, 1), got ${level}`, { hint: 'e.g. 0.95' });
  return level;
}

const ones = (n: number) => new Uint16Array(n).fill(1);

/** Bootstrap interval of one statistic over n test videos. Null when the statistic is undefined on the split itself. */
export function bootstrapCi(stat: WeightedStatistic, n: number, opts: BootstrapOptions = {}): Interval | null {
  const level = levelOf(opts);
  const estimate = stat(ones(n));
  if (estimate === null) return null;
  const vals: number[] = [];
  for (const w of bootstrapWeights(n, opts)) {
    const v = stat(w);
    if (v !== null) vals.push(v);
  }
  return { estimate, ...percentileInterval(vals, level), level, resamples: vals.length };
}

function signOf(lo: number, hi: number): 1 | -1 | 0 {
  return lo > 0 ? 1 : hi < 0 ? -1 : 0;
}

/**
 * Paired bootstrap of A - B on the same test videos: every resample draws one set of videos and
 * evaluates both statistics on it, so what the two share (hard videos, easy videos) cancels.
 */
export function pairedBootstrap(
  a: WeightedStatistic,
  b: WeightedStatistic,
  n: number,
  opts: BootstrapOptions = {},
): PairedDifference | null {
  const level = levelOf(opts);
  const ea = a(ones(n));
  const eb = b(ones(n));
  if (ea === null || eb === null) return null;
  const vals: number[] = [];
  for (const w of bootstrapWeights(n, opts)) {
    const x = a(w);
    const y = b(w);
    if (x !== null && y !== null) vals.push(x - y);
  }
  const { lo, hi } = percentileInterval(vals, level);
  return {
    estimate: ea - eb,
    lo,
    hi,
    level,
    resamples: vals.length,
    sign: signOf(lo, hi),
    shareAtOrBelowZero: vals.filter((d) => d <= 0).length / vals.length,
  };
}

/** Mean over a seed draw (with multiplicity) of per-seed statistics at weights w; null if any is undefined. */
function seedMean(stats: readonly WeightedStatistic[], seeds: readonly number[], w: ArrayLike<number>): number | null {
  let s = 0;
  for (const k of seeds) {
    const v = stats[k]!(w);
    if (v === null) return null;
    s += v;
  }
  return s / seeds.length;
}

function drawSeeds(k: number, rng: Rng): number[] {
  return Array.from({ length: k }, () => rng.int(0, k - 1));
}

/**
 * Interval over test videos and training seeds (a two-level bootstrap). The estimate is the mean
 * over seeds of each seed's statistic on the whole split. Each resample draws the seeds with
 * replacement and, independently, one set of videos (the test split is shared by all seeds, so the
 * same video draw applies to every drawn seed), and takes the mean over the drawn seeds. With one
 * seed this is bootstrapCi; with many seeds and many videos the width reflects both training
 * variance (seed to seed) and test sampling.
 */
export function seedVideoBootstrapCi(
  perSeed: readonly WeightedStatistic[],
  n: number,
  opts: BootstrapOptions = {},
): Interval | null {
  const level = levelOf(opts);
  if (perSeed.length === 0) throw new InputError('no seeds to bootstrap over');
  const all = perSeed.map((_, k) => k);
  const estimate = seedMean(perSeed, all, ones(n));
  if (estimate === null) return null;
  const rng = new Rng(`bootstrap-seeds/${opts.seed ?? 0}/${perSeed.length}`);
  const vals: number[] = [];
  for (const w of bootstrapWeights(n, opts)) {
    const v = seedMean(perSeed, perSeed.length > 1 ? drawSeeds(perSeed.length, rng) : all, w);
    if (v !== null) vals.push(v);
  }
  return { estimate, ...percentileInterval(vals, level), level, resamples: vals.length };
}

/**
 * Paired comparison of two variants trained over seeds and tested on the same videos: each resample
 * draws one video set shared by both and draws each variant's seeds independently (variant A's
 * seed 3 is not paired with B's seed 3: they are different trainings); difference of the seed means.
 */
export function pairedSeedVideoBootstrap(
  a: readonly WeightedStatistic[],
  b: readonly WeightedStatistic[],
  n: number,
  opts: BootstrapOptions = {},
): PairedDifference | null {
  const level = levelOf(opts);
  const ea = seedMean(
    a,
    a.map((_, k) => k),
    ones(n),
  );
  const eb = seedMean(
    b,
    b.map((_, k) => k),
    ones(n),
  );
  if (ea === null || eb === null) return null;
  const rng = new Rng(`bootstrap-paired-seeds/${opts.seed ?? 0}/${a.length}/${b.length}`);
  const vals: number[] = [];
  for (const w of bootstrapWeights(n, opts)) {
    const x = seedMean(a, drawSeeds(a.length, rng), w);
    const y = seedMean(b, drawSeeds(b.length, rng), w);
    if (x !== null && y !== null) vals.push(x - y);
  }
  const { lo, hi } = percentileInterval(vals, level);
  return {
    estimate: ea - eb,
    lo,
    hi,
    level,
    resamples: vals.length,
    sign: signOf(lo, hi),
    shareAtOrBelowZero: vals.filter((d) => d <= 0).length / vals.length,
  };
}
