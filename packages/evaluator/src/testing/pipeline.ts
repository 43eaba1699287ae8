import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  detectionsToColumns,
  silentLogger,
  writeClipFeatures,
  writeDetections,
  writeTubes,
  writeVideolets,
  type DatasetVideoInput,
  type Lineage,
  type VideoEntry,
} from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';
import { createInferStage } from '../infer/stage';
import type { ScoringModel } from '../types';
import { makeFixtureVideo, type FixtureVideo } from './fixtures';

const LINEAGE: Lineage = { stage: 'fixture', codeVersion: '0', paramsHash: '0', inputs: {} };

/**
 * Write a small fixture test split to `dir` the way the upstream stages would (artifacts + ground
 * truth JSON + entries), run the infer stage with `model` on each video and return the evaluation
 * stage's per-video inputs. For tests and the demo report only.
 */
export async function runFixtureInference(
  dir: string,
  model: ScoringModel,
  opts: { abnormal?: number; normal?: number; seed?: number; params?: unknown } = {},
): Promise<{ inputs: DatasetVideoInput[]; videos: FixtureVideo[] }> {
  mkdirSync(join(dir, 'gt'), { recursive: true });
  mkdirSync(join(dir, 'art'), { recursive: true });
  const seed = opts.seed ?? 1;
  const videos: FixtureVideo[] = [];
  const na = opts.abnormal ?? 4;
  for (let i = 0; i < na + (opts.normal ?? 4); i++) {
    const ab = i < na;
    // Vary difficulty: a weaker event signal and a larger box offset for some abnormal videos, one video without tubes.
    videos.push(
      makeFixtureVideo(`${ab ? 'abn' : 'nor'}-${i}`, ab, seed, {
        eventSignal: ab ? 0.35 + (0.65 * (i + 1)) / na : 1,
        gtShift: 2 + 6 * (i % 3),
        tubes: i !== na + 1,
      }),
    );
  }
  const stage = createInferStage(async () => model);
  const params = stage.normalizeParams(opts.params ?? {});
  const inputs: DatasetVideoInput[] = [];
  for (const v of videos) {
    const p = (k: string) => join(dir, 'art', `${v.id}.${k}.arrow`);
    writeTubes(p('tubes'), v.info, v.tubes, LINEAGE);
    writeVideolets(p('videolets'), v.info, v.videolets, LINEAGE);
    writeClipFeatures(p('clip-features'), v.info, v.features, LINEAGE);
    writeDetections(p('detections'), detectionsToColumns(v.info, v.detections), LINEAGE);
    // The documented `wsstad-gt` file format of @wsstad/video (format + version + GroundTruth fields).
    writeFileSync(join(dir, 'gt', `${v.id}.json`), JSON.stringify({ format: 'wsstad-gt', version: 1, ...v.gt }));
    const entry: VideoEntry = {
      id: v.id,
      uri: `videos/${v.id}.mp4`,
      split: 'test',
      label: v.abnormal ? 'abnormal' : 'normal',
      category: v.abnormal ? 'fight' : 'normal',
      groundTruth: `gt/${v.id}.json`,
    };
    await stage.run({
      params,
      video: entry,
      datasetDir: dir,
      seed,
      log: silentLogger,
      inputs: { tubes: p('tubes'), videolets: p('videolets'), 'clip-features': p('clip-features'), model: dir },
      outputPath: (k) => p(k),
    });
    inputs.push({
      video: entry,
      inputs: {
        'video-scores': p('video-scores'),
        'frame-scores': p('frame-scores'),
        tubes: p('tubes'),
        detections: p('detections'),
      },
    });
  }
  return { inputs, videos };
}

/** Parses the ground-truth JSON the fixtures write (tests stand-in for `@wsstad/video`'s readGroundTruth). */
export const readFixtureGroundTruth = async (path: string): Promise<GroundTruth> => {
  const {
    format: _f,
    version: _v,
    ...gt
  } = JSON.parse(readFileSync(path, 'utf8')) as GroundTruth & { format: string; version: number };
  return gt;
};
