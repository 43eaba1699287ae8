import {
  pairedSeedVideoBootstrap,
  seedVideoBootstrapCi,
  type BootstrapOptions,
  type Interval,
  type PairedDifference,
  type WeightedStatistic,
} from '../metrics/bootstrap';
import { weightedAuc, weightedMean, type AucCluster } from '../metrics/weighted';
import type { FrameInterval } from '../metrics/frame';
import { frameLabels } from '../metrics/frame';

/** The metrics that carry intervals (issue 14: VAUC, MIoU, frame AUC, FAR). */
export const INTERVAL_METRICS = ['vauc', 'miou', 'frameAuc', 'far'] as const;
export type IntervalMetric = (typeof INTERVAL_METRICS)[number];

/** One row's metrics as weighted statistics over the test videos (see metrics/bootstrap.ts). */
export type RowStats = Partial<Record<IntervalMetric, WeightedStatistic>>;

/** What one row knows per test video, in the order of the evaluated videos. */
export interface RowVideoData {
  abnormal: boolean[];
  score: number[];
  /** Sloc per video (null: normal, or no ground truth). */
  sloc: Array<number | null>;
  /** Per-frame scores and abnormal intervals per video; undefined when the row has no frame scores. */
  frames?: Array<{ scores: ArrayLike<number>; abnormal: readonly FrameInterval[] }>;
  farThreshold: number;
  strict: boolean;
  /** Leave the video-level metrics out (the Upper Bound's VAUC and FAR are not measurements). */
  localisationOnly?: boolean;
}

export function rowStats(d: RowVideoData): RowStats {
  const out: RowStats = { miou: weightedMean(d.sloc) };
  if (d.localisationOnly) return out;
  out.vauc = weightedAuc(d.score.map((s, i) => ({ scores: [s], labels: [d.abnormal[i] ? 1 : 0] })));
  out.far = weightedMean(
    d.score.map((s, i) => (d.abnormal[i] ? null : (d.strict ? s > d.farThreshold : s >= d.farThreshold) ? 1 : 0)),
  );
  if (d.frames) {
    const clusters: AucCluster[] = d.frames.map((f) => ({
      scores: f.scores,
      labels: frameLabels(f.scores.length, f.abnormal),
    }));
    out.frameAuc = weightedAuc(clusters);
  }
  return out;
}

export type RowIntervals = Partial<Record<IntervalMetric, Interval | null>>;

/**
 * Intervals of one row whose value is the mean over `perSeed` runs (one run: the bootstrap over
 * videos; Random's seeds or training seeds: the two-level bootstrap over seeds and videos).
 */
export function rowIntervals(perSeed: readonly RowStats[], n: number, opts: BootstrapOptions): RowIntervals {
  const out: RowIntervals = {};
  for (const m of INTERVAL_METRICS) {
    const stats = perSeed.map((s) => s[m]);
    if (stats.length === 0 || stats.some((s) => !s)) continue;
    out[m] = seedVideoBootstrapCi(stats as WeightedStatistic[], n, { ...opts, seed: `${opts.seed ?? 0}/${m}` });
  }
  return out;
}

export interface PairedComparison extends PairedDifference {
  a: string;
  b: string;
  metric: IntervalMetric;
}

/** Paired differences A - B on the same test videos for every metric both rows define. */
export function pairedRows(
  a: { name: string; seeds: readonly RowStats[] },
  b: { name: string; seeds: readonly RowStats[] },
  n: number,
  opts: BootstrapOptions,
): PairedComparison[] {
  const out: PairedComparison[] = [];
  for (const m of INTERVAL_METRICS) {
    const sa = a.seeds.map((s) => s[m]);
    const sb = b.seeds.map((s) => s[m]);
    if (!sa.length || !sb.length || sa.some((s) => !s) || sb.some((s) => !s)) continue;
    const d = pairedSeedVideoBootstrap(sa as WeightedStatistic[], sb as WeightedStatistic[], n, {
      ...opts,
      seed: `${opts.seed ?? 0}/${m}`,
    });
    if (d) out.push({ a: a.name, b: b.name, metric: m, ...d });
  }
  return out;
}

/** "63.10 [57.02, 70.60]" in % (the table's unit); "—" when undefined. */
export function formatInterval(i: Interval | null | undefined, value?: number | null): string {
  const pc = (v: number) => (100 * v).toFixed(2);
  if (!i) return value === null || value === undefined ? '—' : pc(value);
  return `${pc(i.estimate)} [${pc(i.lo)}, ${pc(i.hi)}]`;
}

/** "+10.20 [+3.30, +17.20] A>B" in percentage points. */
export function formatDifference(d: PairedDifference): string {
  const pp = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}`;
  return `${pp(d.estimate)} [${pp(d.lo)}, ${pp(d.hi)}]`;
}
