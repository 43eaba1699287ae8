import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, readClipFeatures, type DatasetVideoInput, type Logger } from '@wsstad/core';
import {
  evaluateMethod,
  ladderShapes,
  loadEvalVideos,
  normalizeEvalConfig,
  plainMilEvalVideos,
  readFrameScores,
  type BagShape,
  type EvalConfig,
  type EvalVideo,
  type InferConfig,
  type LadderTestVideo,
  type RowVideoData,
} from '@wsstad/evaluator';
import { resolveDataset, stageOutputPath, stagesWithOutput, type Pipeline } from '@wsstad/pipeline';
import { DATASETS } from './datasets';
import { producer, stageOf, trainingArtifactLoaders } from './pipeline-stages';

/**
 * What the statistics need of one (variant, seed) run: the method's per-video data, in the order of `TestSplit.videos`.
 */
export type CellData = RowVideoData;

/**
 * The shared test split of an experiment: the evaluation view of every test video (ground truth, tubes, categories).
 */
export interface TestSplit {
  videos: EvalVideo[];
  evalCfg: EvalConfig;
}

/** Load the test split's evaluation view from a finished run of the pipeline. */
export async function loadTestSplit(p: Pipeline, log: Logger): Promise<TestSplit> {
  const infer = stageOf(p, 'infer');
  const detect = p.stages.find((s) => s.uses === 'detect');
  const ds = await resolveDataset(p, DATASETS, log);
  const inputs: DatasetVideoInput[] = ds.videos
    .filter((v) => v.split === 'test')
    .map((video) => ({
      video,
      inputs: {
        'video-scores': stageOutputPath(p, infer.name, 'video-scores', video.id),
        'frame-scores': stageOutputPath(p, infer.name, 'frame-scores', video.id),
        tubes: stageOutputPath(p, producer(p, infer, 'tubes'), 'tubes', video.id),
        ...(detect ? { detections: stageOutputPath(p, detect.name, 'detections', video.id) } : {}),
      },
    }));
  return {
    videos: await loadEvalVideos(inputs, ds.dir, undefined, log),
    evalCfg: normalizeEvalConfig(stageOf(p, 'evaluate').params),
  };
}

const intervalsOf = (v: EvalVideo): Array<readonly [number, number]> => {
  const e = v.gt?.event;
  if (!e) return [];
  return e.intervals?.length ? e.intervals : [[e.startFrame, e.endFrame]];
};

/**
 * The method's per-video data of one finished run: metrics.json's per-video outcomes and the infer stage's frame
 * scores.
 */
export function cellData(p: Pipeline, split: TestSplit, reportDir: string): CellData {
  const m = JSON.parse(readFileSync(join(reportDir, 'metrics.json'), 'utf8')) as {
    videos: Array<{ id: string; score: number; sloc: number | null }>;
  };
  const byId = new Map(m.videos.map((v) => [v.id, v]));
  const inferName = stagesWithOutput(p, 'frame-scores')[0]!;
  const miss = split.videos.find((v) => !byId.has(v.id));
  if (miss)
    throw new ConfigError(`run ${p.name} has no outcome for test video '${miss.id}'`, {
      file: join(reportDir, 'metrics.json'),
    });
  return {
    abnormal: split.videos.map((v) => v.abnormal),
    score: split.videos.map((v) => byId.get(v.id)!.score),
    sloc: split.videos.map((v) => byId.get(v.id)!.sloc),
    frames: split.videos.map((v) => ({
      scores: readFrameScores(stageOutputPath(p, inferName, 'frame-scores', v.id)).scores,
      abnormal: intervalsOf(v),
    })),
    farThreshold: split.evalCfg.farThreshold,
    strict: split.evalCfg.strict,
  };
}

/** The plain MIL baseline's per-video data for one seed (trained on the pipeline's cached training artifacts). */
export async function plainMilCell(
  p: Pipeline,
  split: TestSplit,
  seed: number,
  log: Logger,
): Promise<{ data: CellData; row: ReturnType<typeof evaluateMethod>['row'] }> {
  const infer = stageOf(p, 'infer');
  const train = stageOf(p, 'train');
  const featStage = producer(p, infer, 'clip-features');
  const ds = await resolveDataset(p, DATASETS, log);
  const tp = train.params as { subTubes: number; maxTubes: number; poolL2: BagShape['l2'] };
  const ip = infer.params as InferConfig;
  const test: LadderTestVideo[] = split.videos.map((video) => ({
    video,
    load: () => ({ features: readClipFeatures(stageOutputPath(p, featStage, 'clip-features', video.id)) }),
  }));
  const scored = await plainMilEvalVideos({
    train: trainingArtifactLoaders(p, ds.videos),
    test,
    seed,
    ...ladderShapes(tp, ip),
  });
  const r = evaluateMethod(
    'plain MIL',
    'baseline',
    scored,
    (v) => {
      const c = v.scores.candidates[0] ?? null;
      return { score: v.scores.videoScore, track: c, candidate: c };
    },
    split.evalCfg,
    (v) => v.frameScores,
  );
  return { data: r.data, row: r.row };
}
