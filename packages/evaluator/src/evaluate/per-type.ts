import { bootstrapCi, type BootstrapOptions, type Interval } from '../metrics/bootstrap';
import { weightedAuc, weightedMean } from '../metrics/weighted';
import type { RowVideoData } from './intervals';
import type { EvalVideo } from './types';

/**
 * One row per anomaly type (VAUC of that type's abnormal videos against all normal videos, MIoU over
 * that type) and per kind of normal video (hard negatives: VAUC of all abnormal videos against that
 * kind, FAR within it), so a user sees which events the method finds and what fools it.
 */
export interface PerTypeRow {
  type: string;
  kind: 'anomaly' | 'normal';
  videos: number;
  vauc: Interval | null;
  /** Anomaly types only (null: no box ground truth). */
  miou: Interval | null;
  /** Normal kinds only. */
  far: Interval | null;
}

/** The type of a test video: the ground-truth event's type, else the manifest category. */
export function videoType(v: EvalVideo): string {
  return (v.abnormal ? (v.gt?.event?.type ?? v.category) : v.category) ?? (v.abnormal ? 'abnormal' : 'normal');
}

/** Per-type rows of one run (the method's), with bootstrap intervals over the subset's videos. */
export function perTypeRows(videos: readonly EvalVideo[], d: RowVideoData, opts: BootstrapOptions): PerTypeRow[] {
  const types = new Map<string, { kind: PerTypeRow['kind']; idx: number[] }>();
  videos.forEach((v, i) => {
    const key = `${v.abnormal ? 'a' : 'n'}:${videoType(v)}`;
    const t = types.get(key) ?? { kind: v.abnormal ? 'anomaly' : 'normal', idx: [] };
    t.idx.push(i);
    types.set(key, t);
  });
  const normals = videos.flatMap((v, i) => (v.abnormal ? [] : [i]));
  const abnormals = videos.flatMap((v, i) => (v.abnormal ? [i] : []));
  const rows: PerTypeRow[] = [];
  for (const [key, { kind, idx }] of [...types].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const subset = kind === 'anomaly' ? [...idx, ...normals] : [...abnormals, ...idx];
    const o = { ...opts, seed: `${opts.seed ?? 0}/type/${key}`, strata: subset.map((i) => (d.abnormal[i] ? 1 : 0)) };
    const vauc = weightedAuc(subset.map((i) => ({ scores: [d.score[i]!], labels: [d.abnormal[i] ? 1 : 0] })));
    const own = { ...opts, seed: `${opts.seed ?? 0}/type-own/${key}`, strata: undefined };
    const far = (i: number) => ((d.strict ? d.score[i]! > d.farThreshold : d.score[i]! >= d.farThreshold) ? 1 : 0);
    rows.push({
      type: key.slice(2),
      kind,
      videos: idx.length,
      vauc: subset.length ? bootstrapCi(vauc, subset.length, o) : null,
      miou: kind === 'anomaly' ? bootstrapCi(weightedMean(idx.map((i) => d.sloc[i] ?? null)), idx.length, own) : null,
      far: kind === 'normal' ? bootstrapCi(weightedMean(idx.map(far)), idx.length, own) : null,
    });
  }
  return rows;
}
