import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { readClipFeatures, readDetections, type DatasetVideoInput, type Logger, type VideoEntry } from '@wsstad/core';
import {
  ladderShapes,
  loadEvalVideos,
  normalizeEvalConfig,
  type BagShape,
  type EvalConfig,
  type InferConfig,
  type LadderOptions,
} from '@wsstad/evaluator';
import { pipelineStatus, resolveDataset, stageOutputPath, type Pipeline } from '@wsstad/pipeline';
import { readGroundTruth } from '@wsstad/video';
import { APP } from './app-wiring';
import { producer, stageOf, trainingArtifactLoaders } from './pipeline-stages';

/** A training video's ground truth: its manifest entry's file, else the synthetic benchmark's train-gt/<id>.gt.json. */
function trainGroundTruthFile(v: VideoEntry, datasetDir: string): string | null {
  if (v.groundTruth) return isAbsolute(v.groundTruth) ? v.groundTruth : join(datasetDir, v.groundTruth);
  const f = join(datasetDir, 'train-gt', `${v.id}.gt.json`);
  return existsSync(f) ? f : null;
}

/**
 * The diagnosis ladder's inputs from a finished pipeline's stored artifacts (the `diagnose` command's, and any tool
 * that runs the ladder with a probe). Warns for each stale stage: the ladder reads the last stored run, not the file's
 * current settings.
 */
export async function loadLadderOptions(
  p: Pipeline,
  o: { store?: string; bootstrap?: number; log: Logger; pipelineArg?: string },
): Promise<LadderOptions> {
  const { log } = o;
  const name = o.pipelineArg ?? p.name;
  const status = await pipelineStatus(p, { ...APP, log, store: o.store });
  for (const s of status.stages.filter((x) => !x.upToDate)) {
    const why = s.reasons.slice(0, 3).join('; ') + (s.reasons.length > 3 ? `; +${s.reasons.length - 3} more` : '');
    log.warn(
      `stage '${s.stage}' is stale (${why}): the ladder reads its last stored run, not these settings; ` +
        `run 'wsstad run ${name}' first (details: wsstad status ${name})`,
    );
  }
  const hint = 'diagnose a pipeline with detect, link, features, train, infer and evaluate stages';
  const infer = stageOf(p, 'infer', hint);
  const train = stageOf(p, 'train', hint);
  const evaluate = stageOf(p, 'evaluate', hint);
  const detect = p.stages.find((s) => s.uses === 'detect');
  const tubesStage = producer(p, infer, 'tubes');
  const featStage = producer(p, infer, 'clip-features');
  const ds = await resolveDataset(p, APP.datasets, log);
  const at = (stage: string, out: string, id: string) => stageOutputPath(p, stage, out, id);
  const ip = infer.params as InferConfig;
  const tp = train.params as { subTubes: number; maxTubes: number; poolL2: BagShape['l2'] };
  const evalCfg: EvalConfig = {
    ...normalizeEvalConfig(evaluate.params),
    ...(o.bootstrap !== undefined ? { bootstrap: o.bootstrap } : {}),
  };
  const inputs: DatasetVideoInput[] = ds.videos
    .filter((v) => v.split === 'test')
    .map((video) => ({
      video,
      inputs: {
        'video-scores': at(infer.name, 'video-scores', video.id),
        'frame-scores': at(infer.name, 'frame-scores', video.id),
        tubes: at(tubesStage, 'tubes', video.id),
        ...(detect ? { detections: at(detect.name, 'detections', video.id) } : {}),
      },
    }));
  const evalVideos = await loadEvalVideos(inputs, ds.dir, undefined, log);
  const byId = new Map(ds.videos.map((v) => [v.id, v]));
  return {
    train: trainingArtifactLoaders(p, ds.videos).map((t) => {
      const v = byId.get(t.id)!;
      return {
        ...t,
        groundTruth: () => {
          const f = trainGroundTruthFile(v, ds.dir);
          return f ? readGroundTruth(f) : null;
        },
      };
    }),
    test: evalVideos.map((video) => ({
      video,
      load: () => {
        const d = detect ? readDetections(at(detect.name, 'detections', video.id)) : null;
        return {
          features: readClipFeatures(at(featStage, 'clip-features', video.id)),
          ...(d ? { detections: { frame: d.frame, boxes: d.boxes } } : {}),
        };
      },
    })),
    ...ladderShapes(tp, ip),
    evalCfg,
    seed: p.seed,
    log,
  };
}
