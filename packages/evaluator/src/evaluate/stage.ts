import {
  InputError,
  readDetections,
  readTubes,
  type DatasetStage,
  type DatasetVideoInput,
  type Logger,
} from '@wsstad/core';
import { isAbsolute, join } from 'node:path';
import { normalizeEvalConfig } from '../config';
import { readFrameScores, readVideoScores } from '../infer/artifacts';
import { validateGroundTruthFor } from '../metrics/ground-truth';
import { writeReport } from '../report/html';
import type { RunInfo } from '../report/overview';
import { hashDir } from '../infer/stage';
import type { EvalConfig } from '../types';
import { createFrameReader, readGroundTruthDefault, type GroundTruthReader } from '../video-deps';
import { evaluateAll } from './evaluate';
import { appendStatistics } from './statistics-report';
import { formatInterval } from './intervals';
import type { EvalVideo, EvaluationResult } from './types';

/** Load what evaluation needs for each test video from its artifacts and ground-truth file. */
export async function loadEvalVideos(
  videos: readonly DatasetVideoInput[],
  datasetDir: string,
  readGt: GroundTruthReader = readGroundTruthDefault,
  log?: Logger,
): Promise<EvalVideo[]> {
  const out: EvalVideo[] = [];
  for (const { video, inputs } of videos) {
    for (const k of ['video-scores', 'frame-scores', 'tubes']) {
      if (!inputs[k])
        throw new InputError(`video '${video.id}' has no '${k}' artifact`, {
          hint: 'run the infer stage (and its upstream stages) on the test split first',
        });
    }
    const scores = readVideoScores(inputs['video-scores']!);
    const fs = readFrameScores(inputs['frame-scores']!);
    const { tubes, video: info } = readTubes(inputs.tubes!);
    let gt = null;
    if (video.groundTruth) {
      const gtFile = isAbsolute(video.groundTruth) ? video.groundTruth : join(datasetDir, video.groundTruth);
      // Checked against the decoded video (length, size): a file-only check cannot see an interval past the end.
      gt = validateGroundTruthFor(
        await readGt(gtFile),
        { frameCount: scores.frameCount, width: info.width, height: info.height },
        gtFile,
        video.id,
      );
    } else if (video.label === 'abnormal')
      log?.warn(`${video.id}: abnormal test video without ground truth; left out of localisation`);
    let detectedFrames: Set<number> | undefined;
    if (inputs.detections) detectedFrames = new Set(readDetections(inputs.detections).frame);
    else if (gt?.event?.frames.length)
      log?.warn(`${video.id}: no detections artifact; Gamma is not restricted to detector frames`);
    out.push({
      id: video.id,
      abnormal: video.label === 'abnormal',
      category: video.category,
      scores,
      frameScores: fs.scores,
      segments: fs.segments,
      tubes,
      detectedFrames,
      gt,
      info: { width: info.width, height: info.height, fps: info.fps },
    });
  }
  return out;
}

export interface EvaluateOptions {
  readGroundTruth?: GroundTruthReader;
  /** Decode key frames for the report (default true; false draws boxes on blank canvases). */
  decodeFrames?: boolean;
  html?: boolean;
  title?: string;
  banner?: string;
  method?: string;
  log?: Logger;
  seed?: number;
  /** Run configuration shown in report.html (model directory, code version, dataset). */
  run?: RunInfo;
}

/** Evaluate test videos and write the report directory (metrics.json, results.md, report.html). */
export async function evaluateToDir(
  videos: readonly DatasetVideoInput[],
  datasetDir: string,
  outDir: string,
  cfg: EvalConfig,
  opts: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const ev = await loadEvalVideos(videos, datasetDir, opts.readGroundTruth, opts.log);
  const result = evaluateAll(ev, cfg, { method: opts.method, seed: opts.seed });
  const frameReader =
    opts.decodeFrames === false
      ? undefined
      : createFrameReader(new Map(videos.map((v) => [v.video.id, v.video.uri])), datasetDir, opts.log);
  await writeReport(outDir, result, ev, cfg, {
    title: opts.title,
    banner: opts.banner,
    frameReader,
    html: opts.html,
    run: opts.run,
  });
  appendStatistics(outDir, result);
  return result;
}

/** Build the dataset-level evaluation stage (tests pass a ground-truth reader). */
export function createEvaluateStage(
  opts: Pick<EvaluateOptions, 'readGroundTruth' | 'decodeFrames'> = {},
): DatasetStage<EvalConfig> {
  const stage: DatasetStage<EvalConfig> = {
    name: 'evaluate',
    package: '@wsstad/evaluator',
    version: '1',
    scope: 'dataset',
    splits: ['test'],
    inputs: ['video-scores', 'frame-scores', 'tubes', 'detections', 'model'],
    // Only Sloc's Gamma uses detections: a temporal-only pipeline (imported features) has none.
    // The model (bound automatically to the train stage's output) only feeds the report's run
    // configuration, training curve and operating point.
    optionalInputs: ['detections', 'model'],
    outputs: ['report'] as const,
    doc:
      'VAUC, IoU@eps, MIoU, FAR, frame AUC of the method, its single-branch read-outs, Random and Upper ' +
      'Bound; writes metrics.json, results.md and report.html.',
    normalizeParams: normalizeEvalConfig,
    async run(ctx) {
      const modelDir = ctx.inputs.model;
      const run: RunInfo = {
        codeVersion: ctx.lineage?.codeVersion,
        dataset: ctx.datasetDir,
        modelDir,
        modelHash: modelDir ? await hashDir(modelDir) : undefined,
      };
      const r = await evaluateToDir(ctx.videos, ctx.datasetDir, ctx.outputDir('report'), ctx.params, {
        ...opts,
        log: ctx.log,
        seed: ctx.seed,
        run,
      });
      const m = r.rows[0]!;
      const pc = (k: 'vauc' | 'miou' | 'frameAuc') => formatInterval(m.ci?.[k], m[k]);
      ctx.log.info(
        `evaluate: VAUC ${pc('vauc')} ${r.spatial ? `MIoU ${pc('miou')} ` : ''}frame ` +
          `AUC ${pc('frameAuc')} over ${r.counts.videos} test videos`,
      );
    },
  };
  return Object.freeze(stage);
}

export const evaluateStage: DatasetStage<EvalConfig> = createEvaluateStage();
