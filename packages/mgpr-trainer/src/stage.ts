import { join } from 'node:path';
import {
  ArtifactError,
  frontEndParams,
  readClipFeatures,
  readManifest,
  workArtifactPath,
  writeFileAtomic,
  type DatasetStage,
  type FrontEnd,
  type Logger,
  type VideoEntry,
} from '@wsstad/core';
import { saveModel } from '@wsstad/relationship-module';
import { buildVideoBags, type VideoArtifactPaths } from './bags';
import type { Calibration } from './calibration';
import { calibrateOnValidation } from './calibration-scores';
import { normalizeTrainConfig } from './config';
import { logToJsonl, lossCurveSvg } from './report';
import { trainMgpr, type TrainResult } from './train';
import { VARIANTS } from './variants';
import { modelCandidates } from './candidates';
import type { TrainConfig, VideoBags } from './types';

const INPUTS = ['tubes', 'videolets', 'clip-features'] as const;

/**
 * Bags of the train-split videos from their artifact paths and video-level labels (nothing else of the entry is read).
 */
export function bagsForVideos(
  videos: ReadonlyArray<{ video: VideoEntry; inputs: Readonly<Record<string, string>> }>,
  cfg: TrainConfig,
): VideoBags[] {
  const multivariate = VARIANTS[cfg.variant]!.multivariate;
  return videos
    .filter((v) => v.video.split === 'train')
    .map(({ video, inputs }) => {
      for (const k of INPUTS)
        if (!inputs[k])
          throw new ArtifactError(`video '${video.id}' lacks its '${k}' artifact`, {
            hint: 'run the tube-linker and features stages first',
          });
      return buildVideoBags(video.id, video.label, inputs as unknown as VideoArtifactPaths, {
        maxTubes: cfg.maxTubes,
        multivariate,
        poolL2: cfg.poolL2,
        subTubes: cfg.subTubes,
      });
    });
}

/** Write the trained model plus train-log.jsonl and loss-curve.svg into `dir`. */
export async function writeTrainOutputs(
  dir: string,
  res: TrainResult,
  cfg: TrainConfig,
  seed: number,
  frontEnd: FrontEnd,
  calibration: Calibration | null = null,
): Promise<void> {
  const training = {
    variant: cfg.variant,
    seed,
    config: cfg,
    best: res.best,
    trainVideos: res.trainIds,
    validationVideos: res.validationIds,
  };
  await saveModel(res.model, dir, { training, frontEnd, calibration, candidates: modelCandidates(cfg) });
  writeFileAtomic(join(dir, 'train-log.jsonl'), logToJsonl(res.log));
  const best = res.best ? ` (best val VAUC ${res.best.vauc.toFixed(3)} @ ${res.best.iteration})` : '';
  writeFileAtomic(join(dir, 'loss-curve.svg'), lossCurveSvg(res.log, `wsstad train: ${cfg.variant}${best}`));
}

/**
 * The front end (detect/link/features params, backbone, instance settings) the model is trained on,
 * from the lineage of the first training video's clip features (every video of a pipeline run
 * shares it). Imported features carry none: those fields are null.
 */
export function trainFrontEnd(
  videos: ReadonlyArray<{ video: VideoEntry; inputs: Readonly<Record<string, string>> }>,
  cfg: TrainConfig,
): FrontEnd {
  const first = videos.find((v) => v.video.split === 'train' && v.inputs['clip-features']);
  const f = first ? readClipFeatures(first.inputs['clip-features']!) : null;
  return frontEndParams(f?.lineage, {
    subTubes: cfg.subTubes,
    poolL2: cfg.poolL2,
    ...(f ? { backbone: f.backbone } : {}),
  });
}

/** The dataset-level training stage: bags from tubes/videolets/clip features, Algorithm 3, the model directory. */
export const trainStage: DatasetStage<TrainConfig> = {
  name: 'train',
  package: '@wsstad/mgpr-trainer',
  version: '1',
  scope: 'dataset',
  splits: ['train'],
  readsGroundTruth: false,
  inputs: INPUTS,
  outputs: ['model'],
  doc:
    'Train both branches with mutually-guided progressive refinement (Algorithm 3); writes the model ' +
    'directory with its training log and loss curve.',
  normalizeParams: normalizeTrainConfig,
  async run(ctx) {
    const cfg = ctx.params;
    const out = ctx.outputDir('model');
    const seed = cfg.seed ?? ctx.seed;
    const res = await trainMgpr(bagsForVideos(ctx.videos, cfg), cfg, {
      seed,
      log: ctx.log,
      checkpointDir: join(out, 'checkpoints'),
      signal: ctx.signal,
    });
    await writeTrainOutputs(
      out,
      res,
      cfg,
      seed,
      trainFrontEnd(ctx.videos, cfg),
      calibrateOnValidation(res, ctx.videos, cfg, ctx.log),
    );
    res.model.dispose();
  },
};

/**
 * Standalone layout for `wsstad train`: a manifest plus <artifactsDir>/<videoId>/{tubes,videolets,clip-features}.arrow.
 */
export async function trainFromDirectory(o: {
  manifest: string;
  artifactsDir: string;
  outDir: string;
  config: unknown;
  seed: number;
  log: Logger;
}): Promise<TrainResult> {
  const cfg = normalizeTrainConfig(o.config);
  // The one manifest reader (core): validated entries, errors naming the file, the entry and the fix.
  const { videos } = readManifest(o.manifest);
  const at = (id: string) => Object.fromEntries(INPUTS.map((k) => [k, workArtifactPath(o.artifactsDir, id, k)]));
  const inputs = videos.map((video) => ({ video, inputs: at(video.id) }));
  const res = await trainMgpr(bagsForVideos(inputs, cfg), cfg, {
    seed: o.seed,
    log: o.log,
    checkpointDir: join(o.outDir, 'checkpoints'),
  });
  await writeTrainOutputs(
    o.outDir,
    res,
    cfg,
    o.seed,
    trainFrontEnd(inputs, cfg),
    calibrateOnValidation(res, inputs, cfg, o.log),
  );
  return res;
}
