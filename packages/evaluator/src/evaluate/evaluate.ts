import { rocAuc, Rng, splitSpan, splitTube, type Tube } from '@wsstad/core';
import type { EvalConfig, ScoredCandidate } from '../types';
import { iouAtEps, localizationScore, localizationScoreUnion, meanIou, type BoxTrack } from '../metrics/localization';
import { rocCurve } from '../metrics/roc';
import { falseAlarmRate } from '../metrics/video';
import { concatFrames, type FrameInterval } from '../metrics/frame';
import type { EvalVideo, EvaluationResult, ResultRow, VideoOutcome } from './types';
import { pairedRows, rowIntervals, rowStats, type RowVideoData } from './intervals';
import { perTypeRows } from './per-type';

/** A method's choice for one video: its score and its predicted track (null = no tube). */
export interface MethodPick {
  score: number;
  track: BoxTrack | null;
  candidate?: ScoredCandidate | null;
}

/** The ground-truth box track; null when there is no event or only temporal annotations (no boxes). */
const gtTrack = (v: EvalVideo): BoxTrack | null =>
  v.gt?.event && v.gt.event.frames.length > 0 ? { frames: v.gt.event.frames, boxes: v.gt.event.boxes } : null;
/** Abnormal frames: the event's `intervals` when given (UCF-Crime: up to two), else [startFrame, endFrame). */
const gtIntervals = (v: EvalVideo): FrameInterval[] => {
  const e = v.gt?.event;
  if (!e) return [];
  return e.intervals?.length ? e.intervals.map(([s, x]) => [s, x] as const) : [[e.startFrame, e.endFrame]];
};

/**
 * Whether IoU@eps, MIoU and the Upper Bound are computed: `cfg.spatial`, where 'auto' means some
 * abnormal test video has box ground truth (a temporal-only dataset such as UCF-Crime has none).
 */
export function spatialMetricsApply(videos: readonly EvalVideo[], cfg: Pick<EvalConfig, 'spatial'>): boolean {
  return cfg.spatial === 'auto' ? videos.some((v) => v.abnormal && gtTrack(v) !== null) : cfg.spatial;
}

/** AUC that is null (not an exception) when the split lacks a class, so one report still renders. */
function safeAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number | null {
  const auc = rocAuc(scores, labels);
  return Number.isNaN(auc) ? null : auc; // NaN: one class only
}

/** Score a method given how it picks (score, track) per video; frame scores optional. */
export function evaluateMethod(
  method: string,
  kind: ResultRow['kind'],
  videos: readonly EvalVideo[],
  pick: (v: EvalVideo) => MethodPick,
  cfg: EvalConfig,
  frameScores?: (v: EvalVideo) => ArrayLike<number> | undefined,
): { row: ResultRow; outcomes: VideoOutcome[]; data: RowVideoData } {
  const spatial = spatialMetricsApply(videos, cfg);
  const outcomes: VideoOutcome[] = videos.map((v) => {
    const p = pick(v);
    const g = spatial ? gtTrack(v) : null;
    return {
      id: v.id,
      abnormal: v.abnormal,
      score: p.score,
      top: p.candidate ?? null,
      gtTrack: g,
      gtInterval: v.gt?.event ? [v.gt.event.startFrame, v.gt.event.endFrame] : null,
      sloc: v.abnormal && g ? localizationScore(g, p.track, v.detectedFrames) : null,
      slocUnion: v.abnormal && g ? localizationScoreUnion(g, p.track) : null,
      frameCount: v.scores.frameCount,
    };
  });
  const slocs = outcomes.filter((o) => o.sloc !== null).map((o) => o.sloc!);
  const unions = outcomes.filter((o) => o.slocUnion !== null).map((o) => o.slocUnion!);
  const normals = outcomes.filter((o) => !o.abnormal).map((o) => o.score);
  const at = iouAtEps(slocs, cfg.eps, { strict: cfg.strict });
  let frameAuc: number | null = null;
  const frames =
    frameScores && videos.every((v) => frameScores(v))
      ? videos.map((v) => ({ scores: frameScores(v)!, abnormal: gtIntervals(v) }))
      : undefined;
  if (frames) {
    const { scores, labels } = concatFrames(frames);
    frameAuc = safeAuc(scores, labels);
  }
  return {
    outcomes,
    data: {
      abnormal: outcomes.map((o) => o.abnormal),
      score: outcomes.map((o) => o.score),
      sloc: outcomes.map((o) => o.sloc),
      frames: frameAuc === null ? undefined : frames,
      farThreshold: cfg.farThreshold,
      strict: cfg.strict,
    },
    row: {
      method,
      kind,
      vauc: safeAuc(
        outcomes.map((o) => o.score),
        outcomes.map((o) => o.abnormal),
      ),
      iouAt: spatial ? Object.fromEntries(cfg.eps.map((e, i) => [String(e), slocs.length ? at[i]! : null])) : {},
      miou: slocs.length ? meanIou(slocs) : null,
      far: normals.length ? falseAlarmRate(normals, cfg.farThreshold, { strict: cfg.strict }) : null,
      frameAuc,
      miouUnion: unions.length ? meanIou(unions) : null,
    },
  };
}

/**
 * Candidate tracks of the Random / Upper Bound baselines. 'scored' (default): the candidates
 * inference scored (video-scores: the same M and tube cap as the method, so the Upper Bound is what
 * the method could reach); 'tubes' / 'sub-tubes' / 'both': built from all of the video's tubes
 * (M = cfg.subTubes, no cap; the pre-issue-14 Upper Bound added whole tubes the method never scores).
 */
export function baselineCandidates(
  tubes: readonly Tube[],
  cfg: Pick<EvalConfig, 'subTubes' | 'baselineCandidates'>,
  scored: readonly BoxTrack[] = [],
): BoxTrack[] {
  if (cfg.baselineCandidates === 'scored') return [...scored];
  const out: BoxTrack[] = [];
  for (const t of tubes) {
    if (cfg.baselineCandidates !== 'sub-tubes') out.push(t);
    if (cfg.baselineCandidates !== 'tubes' && cfg.subTubes > 1) out.push(...splitTube(t, cfg.subTubes));
    else if (cfg.baselineCandidates === 'sub-tubes') out.push(t);
  }
  return out;
}

function argmaxBy(cands: readonly ScoredCandidate[], key: 'tubeScore' | 'temporalScore'): ScoredCandidate | null {
  let best: ScoredCandidate | null = null;
  for (const c of cands) if (!best || c[key] > best[key]) best = c;
  return best;
}

function mean(xs: ReadonlyArray<number | null>): number | null {
  return xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + b!, 0) / xs.length;
}

/**
 * The whole table: the method (eq. 9), its single-branch read-outs when the model has both
 * branches (top-1 by p_t alone, by p_v alone: Table 2's rows computed at inference), Random
 * (averaged over seeds) and Upper Bound. Without spatial metrics (`spatialMetricsApply`), the rows
 * carry no IoU@eps / MIoU and the Upper Bound (a best-localising oracle) is left out.
 */
export function evaluateAll(
  videos: readonly EvalVideo[],
  evalCfg: EvalConfig,
  opts: { method?: string; seed?: number } = {},
): EvaluationResult {
  const spatial = spatialMetricsApply(videos, evalCfg);
  const cfg: EvalConfig = { ...evalCfg, spatial };
  const name = opts.method ?? 'Ours';
  const only = (b: 'tube' | 'temporal') =>
    videos.length > 0 &&
    videos.every((v) => v.scores.branches[b] && !v.scores.branches[b === 'tube' ? 'temporal' : 'tube']);
  // A single-branch model's score is that branch's (eq. 9 averages two): say so in the row name.
  // M as inference scored it (parts per tube in the candidates; the model's own M by default), not
  // the baselines' setting.
  const m =
    videos.reduce((mx, v) => v.scores.candidates.reduce((a, c) => Math.max(a, c.part + 1), mx), 0) || cfg.subTubes;
  const label = only('temporal') ? 'temporal branch' : only('tube') ? `tube branch, M=${m}` : `eq. 9, M=${m}`;
  const main = evaluateMethod(
    `${name} (${label})`,
    'method',
    videos,
    (v) => {
      const c = v.scores.candidates[0] ?? null;
      return { score: v.scores.videoScore, track: c, candidate: c };
    },
    cfg,
    (v) => v.frameScores,
  );
  const rows: ResultRow[] = [main.row];
  // Per row, the per-video data of each of its runs (Random: one per seed) for the intervals.
  const runs = new Map<ResultRow, RowVideoData[]>([[main.row, [main.data]]]);
  const both = videos.length > 0 && videos.every((v) => v.scores.branches.tube && v.scores.branches.temporal);
  if (both) {
    for (const [label, key] of [
      ['tube branch only', 'tubeScore'],
      ['temporal branch only', 'temporalScore'],
    ] as const) {
      const r = evaluateMethod(
        `${name}: ${label}`,
        'variant',
        videos,
        (v) => {
          const c = argmaxBy(v.scores.candidates, key);
          return { score: c ? c[key] : v.scores.videoScore, track: c, candidate: c };
        },
        cfg,
      );
      rows.push(r.row);
      runs.set(r.row, [r.data]);
    }
  }
  const cands = new Map(videos.map((v) => [v.id, baselineCandidates(v.tubes, cfg, v.scores.candidates)]));
  const seedRows: ResultRow[] = [];
  const seedData: RowVideoData[] = [];
  for (let s = 0; s < cfg.randomSeeds; s++) {
    const rng = new Rng(`${opts.seed ?? 0}/random-baseline/${s}`);
    const draws = new Map(
      videos.map((v) => {
        const cs = cands.get(v.id)!;
        const r = rng.fork(v.id);
        const track = cs.length ? cs[r.int(0, cs.length - 1)]! : null;
        const segs = v.segments?.length
          ? v.segments.map((x) => [x.start, x.end] as const)
          : splitSpan(0, v.scores.frameCount, 32);
        const fs = new Float32Array(v.scores.frameCount);
        for (const [a, b] of segs) fs.fill(r.next(), a, b);
        return [v.id, { score: r.next(), track, fs }];
      }),
    );
    const r = evaluateMethod(
      'Random',
      'baseline',
      videos,
      (v) => draws.get(v.id)!,
      cfg,
      (v) => draws.get(v.id)!.fs,
    );
    seedRows.push(r.row);
    seedData.push(r.data);
  }
  const random: ResultRow = {
    method: 'Random',
    kind: 'baseline',
    vauc: mean(seedRows.map((r) => r.vauc)),
    iouAt: spatial
      ? Object.fromEntries(cfg.eps.map((e) => [String(e), mean(seedRows.map((r) => r.iouAt[String(e)]!))]))
      : {},
    miou: mean(seedRows.map((r) => r.miou)),
    far: mean(seedRows.map((r) => r.far)),
    frameAuc: mean(seedRows.map((r) => r.frameAuc)),
    miouUnion: mean(seedRows.map((r) => r.miouUnion)),
    note: `mean over ${cfg.randomSeeds} seeds; uniform random candidate and score`,
  };
  rows.push(random);
  runs.set(random, seedData);
  if (spatial) {
    const ub = evaluateMethod(
      'Upper Bound',
      'baseline',
      videos,
      (v) => {
        const g = gtTrack(v);
        let best: BoxTrack | null = null;
        let bestS = -1;
        if (g)
          for (const c of cands.get(v.id)!) {
            const s = localizationScore(g, c, v.detectedFrames);
            if (s > bestS) {
              bestS = s;
              best = c;
            }
          }
        return { score: v.abnormal ? 1 : 0, track: best };
      },
      cfg,
    );
    // Its score is set from the labels, so VAUC/FAR would measure nothing: shown as '—'.
    const ubRow: ResultRow = {
      ...ub.row,
      vauc: null,
      far: null,
      frameAuc: null,
      note:
        `oracle: the ${cfg.baselineCandidates === 'scored' ? 'scored candidate (same M and tube cap as ' : ''}` +
        `${cfg.baselineCandidates === 'scored' ? 'inference)' : 'candidate'} ` +
        `with the largest Sloc; VAUC not a measurement ('—')`,
    };
    rows.push(ubRow);
    runs.set(ubRow, [{ ...ub.data, localisationOnly: true }]);
  }
  const statistics = cfg.bootstrap > 0 ? computeIntervals(videos, rows, runs, cfg, opts.seed ?? 0) : undefined;

  const localised = main.outcomes.filter((o) => o.sloc !== null).length;
  const labels = videos.map((v) => v.abnormal);
  const vs = videos.map((v) => v.scores.videoScore);
  const fAll = videos.every((v) => v.frameScores)
    ? concatFrames(videos.map((v) => ({ scores: v.frameScores!, abnormal: gtIntervals(v) })))
    : null;
  const curve = (s: ArrayLike<number>, l: ArrayLike<boolean | number>) =>
    safeAuc(s, l) === null ? null : (({ fpr, tpr }) => ({ fpr, tpr }))(rocCurve(s, l));
  return {
    rows,
    spatial,
    videos: main.outcomes,
    counts: {
      videos: videos.length,
      abnormal: labels.filter(Boolean).length,
      normal: labels.filter((l) => !l).length,
      localised,
      missingGroundTruth: videos.filter((v) => v.abnormal && !v.gt?.event).length,
      withoutTubes: videos.filter((v) => v.scores.candidates.length === 0).length,
    },
    roc: { video: curve(vs, labels), frame: fAll ? curve(fAll.scores, fAll.labels) : null },
    ...(statistics ? { statistics } : {}),
  };
}

/**
 * 95% intervals of every row (bootstrap over test videos stratified by label; Random over its
 * seeds and the videos), paired differences of the method against every other row, and the
 * per-type rows. Sets each row's `ci`.
 */
function computeIntervals(
  videos: readonly EvalVideo[],
  rows: readonly ResultRow[],
  runs: ReadonlyMap<ResultRow, RowVideoData[]>,
  cfg: EvalConfig,
  seed: number | string,
): NonNullable<EvaluationResult['statistics']> {
  const n = videos.length;
  const opts = {
    resamples: cfg.bootstrap,
    level: cfg.ciLevel,
    seed: `${seed}`,
    strata: videos.map((v) => (v.abnormal ? 1 : 0)),
  };
  const stats = new Map(rows.map((r) => [r, runs.get(r)!.map(rowStats)]));
  for (const r of rows) r.ci = rowIntervals(stats.get(r)!, n, opts);
  const main = rows[0]!;
  const paired = rows
    .slice(1)
    .flatMap((r) =>
      pairedRows({ name: main.method, seeds: stats.get(main)! }, { name: r.method, seeds: stats.get(r)! }, n, opts),
    );
  return {
    method:
      `percentile bootstrap, ${cfg.bootstrap} resamples of the test videos drawn with replacement ` +
      `within each label (abnormal / normal); ` +
      `rows averaged over seeds (Random) also resample the seeds; paired differences draw the same ` +
      `videos for both rows`,
    resamples: cfg.bootstrap,
    level: cfg.ciLevel,
    paired,
    perType: perTypeRows(videos, runs.get(main)![0]!, opts),
  };
}
