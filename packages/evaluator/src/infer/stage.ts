import {
  hashFile,
  hashJson,
  readClipFeatures,
  readTubes,
  readVideolets,
  type Lineage,
  type VideoStage,
} from '@wsstad/core';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { normalizeInferConfig } from '../config';
import { loadRelationshipModel } from '../model';
import type { InferConfig, ModelLoader, ScoringModel } from '../types';
import { writeFrameScores, writeVideoScores } from './artifacts';
import { scoreVideo } from './score';

// 2: frame scores from the candidates by default; anomalous ranges in the frame-scores metadata.
export const INFER_STAGE_VERSION = '2';

/**
 * Content hashes of the input artifacts for lineage. A directory input (the model) is hashed by its
 * content (sorted relative paths and file hashes), never by its path: the same work in two stores,
 * or in a temporary folder, gives byte-identical artifacts.
 */
export async function inputHashes(inputs: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, p] of Object.entries(inputs).sort()) {
    if (!statSync(p).isDirectory()) {
      out[k] = await hashFile(p);
      continue;
    }
    // A worker scores many videos with one model directory: hash it once per process.
    let h = dirHashes.get(p);
    if (!h) dirHashes.set(p, (h = hashDir(p)));
    out[k] = `dir:${await h}`;
  }
  return out;
}
const dirHashes = new Map<string, Promise<string>>();

/** Content hash of a directory tree: hashJson of [relative path, file hash] pairs in path order. */
export async function hashDir(root: string): Promise<string> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  walk(root);
  const pairs: Array<[string, string]> = [];
  for (const f of files) pairs.push([relative(root, f).split(sep).join('/'), await hashFile(f)]);
  return hashJson(pairs);
}

/**
 * Build the per-video inference stage with a given model loader (tests pass a fake). The stage
 * keeps the last loaded model so a worker scoring many videos loads it once.
 */
export function createInferStage(loadModel: ModelLoader = loadRelationshipModel): VideoStage<InferConfig> {
  let cached: { dir: string; model: Promise<ScoringModel> } | null = null;
  const modelFor = (dir: string, dim: number) => {
    if (!cached || cached.dir !== dir) {
      void cached?.model.then(
        (m) => m.dispose(),
        () => undefined,
      );
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
    readsGroundTruth: false,
    inputs: ['tubes', 'videolets', 'clip-features', 'model'],
    outputs: ['video-scores', 'frame-scores'] as const,
    doc:
      'Section 3.4: score every candidate tube split into M sub-tubes with both branches (eq. 9), keep ' +
      'all candidates ranked; per-frame scores (best covering candidate, or Appendix F segments) and ' +
      'merged anomalous time ranges.',
    normalizeParams: normalizeInferConfig,
    async run(ctx) {
      const { tubes, video } = readTubes(ctx.inputs.tubes!);
      const { videolets } = readVideolets(ctx.inputs.videolets!);
      const features = readClipFeatures(ctx.inputs['clip-features']!);
      const model = await modelFor(ctx.inputs.model!, features.dim);
      const vs = await scoreVideo(
        model,
        { tubes, videolets, features, frameCount: video.frameCount, fps: video.fps },
        ctx.params,
        ctx.log,
      );
      const lineage: Lineage = {
        stage: 'infer',
        codeVersion: INFER_STAGE_VERSION,
        paramsHash: hashJson(ctx.params),
        inputs: await inputHashes(ctx.inputs),
        videoId: ctx.video.id,
      };
      writeVideoScores(ctx.outputPath('video-scores'), vs, lineage);
      writeFrameScores(ctx.outputPath('frame-scores'), vs, lineage);
      const top = vs.candidates[0];
      const where = top
        ? ` top tube ${top.tubeId}/${top.part} frames ${top.frames[0]}-${top.frames[top.frames.length - 1]}`
        : ' (no tubes)';
      ctx.log.debug(`${ctx.video.id}: score ${vs.videoScore.toFixed(3)}${where}`);
    },
  };
  return Object.freeze(stage);
}

/** The inference stage with the relationship-module's model loader. */
export const inferStage: VideoStage<InferConfig> = createInferStage();
