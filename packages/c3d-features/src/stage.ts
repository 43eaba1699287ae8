import {
  ArtifactError,
  chainFrontEnd,
  hashFile,
  hashJson,
  readTubes,
  readVideolets,
  writeClipFeatures,
  type Lineage,
  type Logger,
  type Tube,
  type VideoInfo,
  type VideoStage,
  type VideoStageContext,
} from '@wsstad/core';
import { openVideo } from '@wsstad/video';
import { normalizeFeaturesConfig } from './config';
import { computeClipFeatures, createBackbonePool } from './registry';
import type { FeaturesConfig } from './types';

export const FEATURES_STAGE_VERSION = '1';
const PACKAGE = '@wsstad/c3d-features';

/** Backbones live for the process (loaded once, shared by every video this worker runs). */
const pool = createBackbonePool();

/** Release the process-wide backbones (C3D sessions, OpenCV buffers), e.g. at the end of a worker. */
export function disposeFeatureBackbones(): void {
  pool.dispose();
}

export interface FeaturesForVideoArgs {
  videoUri: string;
  baseDir: string;
  tubesPath: string;
  /** Optional: only checked against the video length (videolets pool from whole-frame clips). */
  videoletsPath?: string;
  outPath: string;
  params: FeaturesConfig;
  videoId?: string;
  log: Logger;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Read tubes, decode the video once, compute every clip feature, write the clip-features artifact. */
export async function featuresForVideo(
  a: FeaturesForVideoArgs,
): Promise<{ rows: number; dim: number; backbone: string; frames: number }> {
  const { tubes, video: tubeVideo, lineage: tubesLineage } = readTubes(a.tubesPath);
  if (a.videoletsPath) checkVideolets(a.videoletsPath, tubeVideo, a.log);
  const backbone = await pool.get(a.params, a.log);
  const src = await openVideo(a.videoUri, { baseDir: a.baseDir });
  let cols;
  try {
    const total = src.info.frameCount;
    const onFrame = a.onProgress ? (i: number) => a.onProgress!(Math.min(total, i + 1), total) : undefined;
    cols = await computeClipFeatures(src, tubes as Tube[], a.params, backbone, {
      log: a.log,
      signal: a.signal,
      onFrame,
    });
  } finally {
    src.close();
  }
  const inputs: Record<string, string> = { tubes: await hashFile(a.tubesPath) };
  if (a.videoletsPath) inputs.videolets = await hashFile(a.videoletsPath);
  const lineage: Lineage = {
    stage: 'features',
    codeVersion: `${PACKAGE}@${FEATURES_STAGE_VERSION}`,
    paramsHash: hashJson(a.params),
    inputs,
    frontEnd: chainFrontEnd(tubesLineage, 'features', a.params),
    ...(a.videoId ? { videoId: a.videoId } : {}),
  };
  writeClipFeatures(a.outPath, src.info, cols, lineage);
  return { rows: cols.source.length, dim: cols.dim, backbone: cols.backbone, frames: src.info.frameCount };
}

function checkVideolets(path: string, info: VideoInfo, log: Logger): void {
  const { videolets } = readVideolets(path);
  const bad = videolets.filter((v) => v.startFrame < 0 || v.endFrame <= v.startFrame);
  if (bad.length)
    throw new ArtifactError(`${bad.length} videolet(s) have empty or negative frame ranges`, {
      file: path,
      hint: 'rerun the tube-linker stage',
    });
  const past = videolets.filter((v) => v.endFrame > info.frameCount);
  if (past.length)
    log.warn(
      `${past.length} videolet(s) end past the video's ${info.frameCount} frames; their pools use the nearest clips`,
    );
}

/**
 * The per-video features stage: clip features of the whole frame (fixed grid from frame 0) and of
 * every tube (grid from the tube's first frame), from one decode of the video. Instance features
 * (tubes, sub-tubes, videolets) are pooled later from these rows by core's meanPool.
 */
export const featuresStage: VideoStage<FeaturesConfig> = Object.freeze({
  scope: 'video' as const,
  readsVideo: true,
  readsGroundTruth: false,
  name: 'features',
  package: PACKAGE,
  version: FEATURES_STAGE_VERSION,
  inputs: ['tubes', 'videolets'] as const,
  outputs: ['clip-features'] as const,
  doc:
    'clip features per video: whole-frame and per-tube 16-frame clips, hog-hof-mbh (weight-free, ' +
    'default) or C3D fc6 (user weights)',
  normalizeParams: normalizeFeaturesConfig,
  requiredFiles: (c: FeaturesConfig) =>
    c.backbone !== 'c3d'
      ? []
      : c.c3d.onnx
        ? [{ what: 'C3D ONNX model (c3d.onnx)', path: c.c3d.onnx }]
        : c.c3d.weights
          ? [{ what: 'C3D weights (c3d.weights)', path: c.c3d.weights }]
          : [
              {
                what: 'C3D weights',
                missing:
                  'set c3d.weights: <file>.safetensors or c3d.onnx: <file>.onnx; pretrained C3D ' +
                  'weights cannot be downloaded by this tool',
              },
            ],
  async run(ctx: VideoStageContext<FeaturesConfig>) {
    await featuresForVideo({
      videoUri: ctx.video.uri,
      baseDir: ctx.datasetDir,
      tubesPath: ctx.inputs.tubes!,
      videoletsPath: ctx.inputs.videolets,
      outPath: ctx.outputPath('clip-features'),
      params: ctx.params,
      videoId: ctx.video.id,
      log: ctx.log,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
});
