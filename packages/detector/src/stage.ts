import {
  cfg,
  ConfigError,
  normalizeWith,
  chainFrontEnd,
  detectionsToColumns,
  hashJson,
  writeDetections,
  type Lineage,
  type Logger,
  type VideoEntry,
  type VideoStage,
  type VideoStageContext,
} from '@wsstad/core';
import { openVideo, readGroundTruth, resolveInManifest, type GroundTruth } from '@wsstad/video';
import { DEFAULT_DETECT_STAGE_PARAMS, DETECTOR_PRESETS } from './defaults';
import { createDetector, resolveDetectorConfig } from './registry';
import type { DetectorConfig, DetectResult } from './types';

export const DETECT_STAGE_NAME = 'detect';
const PACKAGE = '@wsstad/detector';
/** Bumped by hand on behaviour changes the source hash cannot see. */
const VERSION = '1';

export interface DetectStageParams {
  detector: DetectorConfig;
  stride: number;
}

const DETECTOR_NAMES = Object.keys(DETECTOR_PRESETS).join(', ');
/** The detect stage's params: a detector (a name or a config mapping, checked by kind) and the stride. */
export const DETECT_PARAMS_SCHEMA = cfg.defineConfig(
  {
    detector: cfg.either(
      cfg.str(),
      cfg.mapping(),
      `a detector name (${DETECTOR_NAMES}) or a mapping { kind, ...settings }`,
    ),
    stride: cfg.int(1, 1000),
  },
  DEFAULT_DETECT_STAGE_PARAMS,
);

/** Params of the detect stage: `{ detector: <name or config>, stride }`, defaults filled. */
export function normalizeDetectStageParams(raw: unknown = {}): DetectStageParams {
  const r = normalizeWith(DETECT_PARAMS_SCHEMA, raw, {
    subject: 'detect',
    noun: 'param',
    hint: "e.g. { detector: 'background-subtraction', stride: 2 } (with stride k, link with gapTolerance >= k - 1)",
  });
  const d = r.detector;
  const detector = typeof d === 'string' ? resolveDetectorConfig(d) : resolveDetectorConfig(d);
  return { detector, stride: r.stride };
}

export interface DetectVideoOptions {
  /** Directory the entry's relative uri / groundTruth resolve against. */
  datasetDir: string;
  outPath: string;
  params: DetectStageParams;
  log?: Logger;
  signal?: AbortSignal;
  /** Frames seen of the video's frame count, after each frame. */
  onProgress?: (done: number, total: number) => void;
}

/** Detect one manifest entry and write its detections artifact (with VideoInfo and lineage). */
export async function detectVideo(video: VideoEntry, o: DetectVideoOptions): Promise<DetectResult> {
  const { detector: cfg, stride } = o.params;
  let groundTruth: GroundTruth | undefined;
  if (cfg.kind === 'oracle') {
    if (!video.groundTruth)
      throw new ConfigError(
        `the oracle detector needs ground truth, and video '${video.id}' has no groundTruth entry`,
        { hint: 'use a test-split manifest entry with groundTruth, or another detector' },
      );
    groundTruth = readGroundTruth(resolveInManifest(o.datasetDir, video.groundTruth));
  }
  const source = await openVideo(video.uri, { baseDir: o.datasetDir });
  const detector = await createDetector(cfg);
  try {
    const frames = source.frames({ stride });
    const total = source.info.frameCount;
    const onFrame = o.onProgress
      ? (f: { index: number }) => o.onProgress!(Math.min(total, f.index + 1), total)
      : undefined;
    const r = await detector.detect(frames, { log: o.log, signal: o.signal, groundTruth, onFrame });
    for (const w of r.warnings) o.log?.warn(`${video.id}: ${w}`);
    const lineage: Lineage = {
      stage: DETECT_STAGE_NAME,
      codeVersion: `${PACKAGE}@${VERSION}`,
      paramsHash: hashJson(o.params),
      inputs: {},
      videoId: video.id,
      frontEnd: chainFrontEnd(undefined, 'detect', o.params),
    };
    writeDetections(o.outPath, detectionsToColumns(source.info, r.detections), lineage);
    return r;
  } finally {
    detector.dispose();
    source.close();
  }
}

/** The per-video pipeline stage: video -> detections. */
export const detectStage: VideoStage<DetectStageParams> = Object.freeze({
  name: DETECT_STAGE_NAME,
  package: PACKAGE,
  version: VERSION,
  scope: 'video' as const,
  readsVideo: true,
  // Only the oracle detector (ablations) reads ground truth; every other detector's keys ignore it.
  readsGroundTruth: (p: DetectStageParams) => p.detector.kind === 'oracle',
  inputs: Object.freeze([]),
  outputs: Object.freeze(['detections']),
  doc:
    'Per-frame object boxes (frame, box, score, category) from background subtraction (default), a ' +
    'shipped COCO tfjs model, a user ONNX detector or the ground-truth oracle; every stride-th frame.',
  normalizeParams: (raw: unknown) => normalizeDetectStageParams(raw ?? {}),
  requiredFiles: (p: DetectStageParams) =>
    p.detector.kind === 'onnx'
      ? [{ what: 'ONNX detector model (detector.model)', path: (p.detector as { model: string }).model }]
      : [],
  async run(ctx: VideoStageContext<DetectStageParams>): Promise<void> {
    const r = await detectVideo(ctx.video, {
      datasetDir: ctx.datasetDir,
      outPath: ctx.outputPath('detections'),
      params: ctx.params,
      log: ctx.log,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
    ctx.log.debug(
      `${ctx.video.id}: ${r.detections.length} boxes on ${r.framesSeen} frames (${r.suppressedFrames} ` +
        `warm-up/light-switch frames)`,
    );
  },
});
