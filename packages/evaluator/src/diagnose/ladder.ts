import { ConfigError, silentLogger, type ClipFeatureColumns, type Logger, type Tube } from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';
import { bootstrapCi, type Interval } from '../metrics/bootstrap';
import { localizationScore, type BoxTrack } from '../metrics/localization';
import { evaluateMethod } from '../evaluate/evaluate';
import { pairedRows, rowIntervals, rowStats, type PairedComparison } from '../evaluate/intervals';
import type { EvalVideo, ResultRow } from '../evaluate/types';
import { candidateFrameScores } from '../infer/score';
import type { EvalConfig, ScoredCandidate } from '../types';
import { candidateInstances, type BagShape, type CandidateFeatureProbe, type Instance } from './instances';
import { trainLogistic, trainPlainMil, type LinearScorer, type LinearTrainOptions, type MilBag } from './linear';
import { ladderByType, type LadderTypeRow } from './by-type';
import { detectorRecallCounts, weightedRecall, type DetectionBoxes, type RecallCounts } from './recall';

/**
 * A training video as the ladder reads it: artifacts and label; ground truth only through `groundTruth` (the
 * ceiling's).
 */
export interface LadderTrainVideo {
  id: string;
  abnormal: boolean;
  load(): Promise<{ tubes: Tube[]; features: ClipFeatureColumns }> | { tubes: Tube[]; features: ClipFeatureColumns };
  /** Ground truth of this training video (null: none). Read by the fully-supervised ceiling only. */
  groundTruth(): Promise<GroundTruth | null> | GroundTruth | null;
}

/** A test video: the method's evaluation view (scores, tubes, ground truth) and its features / detections. */
export interface LadderTestVideo {
  video: EvalVideo;
  load(): Promise<LadderTestArtifacts> | LadderTestArtifacts;
}
export interface LadderTestArtifacts {
  features: ClipFeatureColumns;
  detections?: DetectionBoxes;
}

export interface LadderOptions {
  train: readonly LadderTrainVideo[];
  test: readonly LadderTestVideo[];
  /** Bags of the method's training (train stage: M, instance cap); the MIL baseline and the ceiling train on these. */
  trainShape: BagShape;
  /** Candidates of inference (infer stage: M, tube cap); every rung scores these. */
  inferShape: BagShape;
  evalCfg: EvalConfig;
  /**
   * An instance of an abnormal training video is a positive for the ceiling when its Sloc against the ground truth is >
   * this (DEFAULT_POSITIVE_SLOC).
   */
  positiveSloc?: number;
  recallIou?: readonly number[];
  linear?: LinearTrainOptions;
  /**
   * Extra candidate features for the ceiling and plain MIL rungs (the method's row is its stored output, unchanged):
   * measures whether a feature would raise what the front end allows before it is built.
   */
  probe?: CandidateFeatureProbe;
  seed?: number;
  log?: Logger;
}

export interface LadderResult {
  recall: { thresholds: number[]; boxes: number; videos: number; intervals: Record<string, Interval | null> };
  /** Oracle, ceiling, plain MIL, the method (each with `ci`). */
  rows: ResultRow[];
  /** The method minus each other scorer. */
  paired: PairedComparison[];
  counts: { train: number; trainPositives: number; trainInstances: number; test: number; abnormal: number };
  /** Every rung per anomaly type and per kind of normal video (test ground truth's type; a measurement). */
  byType: LadderTypeRow[];
}

/**
 * A training instance is an anomaly for the ceiling when its eq. 10 score against the ground truth
 * exceeds the paper's loosest IoU@eps threshold (0.1), and so is the best-scoring instance of every
 * abnormal training video whose best score is above 0: sub-tubes are pieces of long tubes, so even
 * the best candidate of a video averages 0.2-0.3 (the oracle MIoU), and short events stay below 0.1.
 */
export const DEFAULT_POSITIVE_SLOC = 0.1;

export const LADDER_ROWS = Object.freeze({
  oracle: 'Best-candidate oracle (Upper Bound over the scored candidates)',
  ceiling: 'Fully-supervised ceiling: logistic regression on GT-labelled training instances (DIAGNOSTIC, not a method)',
  mil: 'Plain MIL baseline (max-pooling ranking loss + BCE, no attention, video labels only)',
});

function track(c: Pick<Instance, 'frames' | 'boxes'>): BoxTrack {
  return { frames: c.frames, boxes: c.boxes };
}

/** Ground-truth track of an abnormal video (null when it has no boxes). */
function gtTrack(gt: GroundTruth | null): BoxTrack | null {
  return gt?.event && gt.event.frames.length > 0 ? { frames: gt.event.frames, boxes: gt.event.boxes } : null;
}

/**
 * The diagnosis ladder (issue 14) on one pipeline's artifacts: where quality is lost between the
 * detector and the method. Refuses a dataset whose abnormal training videos lack ground truth (the
 * ceiling needs it). The method's own training never happens here: its scores are read from the
 * pipeline; the plain MIL baseline trains on features and video labels only.
 */
export async function runLadder(o: LadderOptions): Promise<LadderResult> {
  const log = o.log ?? silentLogger;
  const cfg = o.evalCfg;
  const thresholds = [...(o.recallIou ?? [0.3, 0.5])];
  const posSloc = o.positiveSloc ?? DEFAULT_POSITIVE_SLOC;
  const seed = o.seed ?? 0;
  // Refuse before any work: test-only data (no training ground truth) cannot give a ceiling.
  const gts = new Map<string, GroundTruth | null>();
  for (const v of o.train) {
    const g = v.abnormal ? await v.groundTruth() : null;
    if (v.abnormal && !gtTrack(g)) {
      throw new ConfigError(
        `training video '${v.id}' has no box ground truth: the ladder's fully-supervised ceiling needs ` +
          `ground truth for every abnormal training video`,
        {
          hint:
            'run the ladder on a dataset with training ground truth (the synthetic benchmark writes ' +
            'train-gt/); real datasets usually have test annotations only',
        },
      );
    }
    gts.set(v.id, g);
  }
  if (o.test.length === 0) throw new ConfigError('the ladder needs test videos');

  const bags: MilBag[] = [];
  const x: Float32Array[] = [];
  const y: number[] = [];
  for (const v of o.train) {
    const { tubes, features } = await v.load();
    const inst = candidateInstances(tubes, features, o.trainShape, o.probe);
    bags.push({ instances: inst.map((i) => i.feature), abnormal: v.abnormal });
    const g = gtTrack(gts.get(v.id) ?? null);
    const sl = inst.map((i) => (g ? localizationScore(g, track(i)) : 0));
    // Each localisable abnormal video also contributes its best instance, so short events still give a positive.
    const best = sl.reduce((b, v2, k) => (v2 > sl[b]! ? k : b), 0);
    inst.forEach((i, k) => {
      x.push(i.feature);
      y.push(sl[k]! > posSloc || (k === best && sl[k]! > 0) ? 1 : 0);
    });
  }
  log.info(
    `ladder: ${o.train.length} training videos, ${x.length} instances (${y.filter(Boolean).length} ` +
      `positive for the ceiling)`,
  );
  const mil = trainPlainMil(bags, { ...o.linear, seed });
  const ceiling = trainLogistic(x, y, { ...o.linear, seed });

  const scored = { ceiling: [] as EvalVideo[], mil: [] as EvalVideo[] };
  const recallById = new Map<string, RecallCounts>();
  for (const t of o.test) {
    const a = await t.load();
    const inst = candidateInstances(t.video.tubes, a.features, o.inferShape, o.probe);
    for (const [k, m] of [
      ['ceiling', ceiling],
      ['mil', mil],
    ] as const)
      scored[k].push(rescored(t.video, inst, m));
    const g = gtTrack(t.video.gt);
    if (t.video.abnormal && g && a.detections)
      recallById.set(t.video.id, detectorRecallCounts(g, a.detections, thresholds));
  }

  const recall = [...recallById.values()];
  const test = o.test.map((t) => t.video);
  const strata = test.map((v) => (v.abnormal ? 1 : 0));
  const bo = { resamples: cfg.bootstrap, level: cfg.ciLevel, seed: `${seed}/ladder`, strata };
  const pick = (v: EvalVideo) => {
    const c = v.scores.candidates[0] ?? null;
    return { score: v.scores.videoScore, track: c, candidate: c };
  };
  const byId = (vs: EvalVideo[]) => new Map(vs.map((v) => [v.id, v]));
  const ceil = byId(scored.ceiling);
  const milV = byId(scored.mil);
  const oracle = evaluateMethod(
    LADDER_ROWS.oracle,
    'baseline',
    test,
    (v) => ({ score: v.abnormal ? 1 : 0, track: bestCandidate(v) }),
    cfg,
  );
  const runs = [
    { ...oracle, data: { ...oracle.data, localisationOnly: true } },
    evaluateMethod(
      LADDER_ROWS.ceiling,
      'baseline',
      test,
      (v) => pick(ceil.get(v.id)!),
      cfg,
      (v) => ceil.get(v.id)!.frameScores,
    ),
    evaluateMethod(
      LADDER_ROWS.mil,
      'baseline',
      test,
      (v) => pick(milV.get(v.id)!),
      cfg,
      (v) => milV.get(v.id)!.frameScores,
    ),
    evaluateMethod('The method (this pipeline)', 'method', test, pick, cfg, (v) => v.frameScores),
  ];
  runs[0]!.row.vauc = null;
  runs[0]!.row.far = null;
  const stats = runs.map((r) => rowStats(r.data));
  if (cfg.bootstrap > 0)
    runs.forEach((r, i) => {
      r.row.ci = rowIntervals([stats[i]!], test.length, bo);
    });
  const method = { name: runs[3]!.row.method, seeds: [stats[3]!] };
  const paired =
    cfg.bootstrap > 0
      ? runs
          .slice(0, 3)
          .flatMap((r, i) => pairedRows(method, { name: r.row.method, seeds: [stats[i]!] }, test.length, bo))
      : [];
  const recallCi = Object.fromEntries(
    thresholds.map((t) => [
      String(t),
      recall.length
        ? bootstrapCi(weightedRecall(recall, t), recall.length, {
            ...bo,
            strata: undefined,
            resamples: Math.max(1, cfg.bootstrap),
          })
        : null,
    ]),
  );
  return {
    recall: { thresholds, boxes: recall.reduce((s, r) => s + r.boxes, 0), videos: recall.length, intervals: recallCi },
    rows: runs.map((r) => r.row),
    paired,
    counts: {
      train: o.train.length,
      trainPositives: y.filter(Boolean).length,
      trainInstances: x.length,
      test: test.length,
      abnormal: test.filter((v) => v.abnormal).length,
    },
    byType: ladderByType(
      test,
      runs.map((r) => ({ name: r.row.method, data: r.data })),
      recallById,
      thresholds,
      { ...bo, resamples: Math.max(1, cfg.bootstrap) },
    ),
  };
}

/**
 * The plain MIL baseline as a method of its own (the experiment runner's row): trained on the
 * training videos' bags (features and video labels; no ground truth is read) with `seed`, then
 * every test video re-scored over the inference candidates.
 */
export async function plainMilEvalVideos(
  o: Pick<LadderOptions, 'test' | 'trainShape' | 'inferShape' | 'linear'> & {
    train: ReadonlyArray<Pick<LadderTrainVideo, 'id' | 'abnormal' | 'load'>>;
    seed: number;
  },
): Promise<EvalVideo[]> {
  const bags: MilBag[] = [];
  for (const v of o.train) {
    const { tubes, features } = await v.load();
    bags.push({
      instances: candidateInstances(tubes, features, o.trainShape).map((i) => i.feature),
      abnormal: v.abnormal,
    });
  }
  const mil = trainPlainMil(bags, { ...o.linear, seed: o.seed });
  const out: EvalVideo[] = [];
  for (const t of o.test)
    out.push(rescored(t.video, candidateInstances(t.video.tubes, (await t.load()).features, o.inferShape), mil));
  return out;
}

/**
 * The video re-scored by a linear scorer over the same candidates: ranked candidates, video score (max), candidate
 * frame scores.
 */
function rescored(v: EvalVideo, inst: readonly Instance[], m: LinearScorer): EvalVideo {
  const candidates: ScoredCandidate[] = inst
    .map((i) => {
      const s = m.score(i.feature);
      return {
        tubeId: i.tubeId,
        part: i.part,
        frames: i.frames,
        boxes: i.boxes,
        score: s,
        tubeScore: s,
        temporalScore: -1,
      };
    })
    .sort((a, b) => b.score - a.score || a.tubeId - b.tubeId || a.part - b.part);
  // A video without candidates scores 0: these scorers see only candidates (the method falls back to whole frames).
  const videoScore = candidates.length ? candidates[0]!.score : 0;
  const frameScores = candidates.length
    ? candidateFrameScores(candidates, v.scores.frameCount)
    : new Float32Array(v.scores.frameCount).fill(videoScore);
  return { ...v, scores: { ...v.scores, candidates, videoScore }, frameScores };
}

/** The method's scored candidate with the largest Sloc (the oracle of what it could pick). */
function bestCandidate(v: EvalVideo): BoxTrack | null {
  const g = gtTrack(v.gt);
  if (!g) return null;
  let best: BoxTrack | null = null;
  let bs = -1;
  for (const c of v.scores.candidates) {
    const s = localizationScore(g, c, v.detectedFrames);
    if (s > bs) {
      bs = s;
      best = c;
    }
  }
  return best;
}
