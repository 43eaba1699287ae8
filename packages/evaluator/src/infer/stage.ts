import { hashFile, hashJson, readClipFeatures, readTubes, readVideolets, type Lineage, type VideoStage } from '@wsstad/core';
import { statSync } from 'node:fs';
import { normalizeInferConfig } from '../config';
import { loadRelationshipModel } from '../model';
import type { InferConfig, ModelLoader, ScoringModel } from '../types';
import { writeFrameScores, writeVideoScores } from './artifacts';
import { scoreVideo } from './score';

// 2: frame scores from the candidates by default; anomalous ranges in the frame-scores metadata.
export const INFER_STAGE_VERSION = '2';

/** Content hashes of the input artifacts for lineage (a directory input such as the model is named by its path). */
export async function inputHashes(inputs: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, p] of Object.entries(inputs).sort()) out[k] = statSync(p).isDirectory() ? `dir:${p}` : await hashFile(p);
  return out;
}

/**
 * Build the per-video inference stage with a given model loader (tests pass a fake). The stage
 * keeps the last loaded model so a worker scoring many videos loads it once.
 */
export function createInferStage(loadModel: ModelLoader = loadRelationshipModel): VideoStage<InferConfig> {
  let cached: { dir: string; model: Promise<ScoringModel> } | null = null;
  const modelFor = (dir: string, dim: number) => {
    if (!cached || cached.dir !== dir) {
      void cached?.model.then((m) => m.dispose(), () => undefined);
      cached = { dir, model: loadModel(dir, { expectFeatureDim: dim }) };
    }
    return cached.model;
  };
  const stage: VideoStage<InferConfig> = {
    name: 'infer',
    package: '@wsstad/evaluator',
    version: INFER_STAGE_VERSION,
    scope: 'video',
    splits: ['test'],
    inputs: ['tubes', 'videolets', 'clip-features', 'model'],
    outputs: ['video-scores', 'frame-scores'] as const,
    doc: 'Section 3.4: score every candidate tube split into M sub-tubes with both branches (eq. 9), keep all candidates ranked; per-frame scores (best covering candidate, or Appendix F segments) and merged anomalous time ranges.',
    normalizeParams: normalizeInferConfig,
    async run(ctx) {
      const { tubes, video } = readTubes(ctx.inputs.tubes!);
      const { videolets } = readVideolets(ctx.inputs.videolets!);
      const features = readClipFeatures(ctx.inputs['clip-features']!);
      const model = await modelFor(ctx.inputs.model!, features.dim);
      const vs = await scoreVideo(model, { tubes, videolets, features, frameCount: video.frameCount, fps: video.fps }, ctx.params, ctx.log);
      const lineage: Lineage = { stage: 'infer', codeVersion: INFER_STAGE_VERSION, paramsHash: hashJson(ctx.params), inputs: await inputHashes(ctx.inputs), videoId: ctx.video.id };
      writeVideoScores(ctx.outputPath('video-scores'), vs, lineage);
      writeFrameScores(ctx.outputPath('frame-scores'), vs, lineage);
      const top = vs.candidates[0];
      ctx.log.debug(`${ctx.video.id}: score ${vs.videoScore.toFixed(3)}${top ? ` top tube ${top.tubeId}/${top.part} frames ${top.frames[0]}-${top.frames[top.frames.length - 1]}` : ' (no tubes)'}`);
    },
  };
  return Object.freeze(stage);
}

/** The inference stage with the relationship-module's model loader. */
export const inferStage: VideoStage<InferConfig> = createInferStage();
