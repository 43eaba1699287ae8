import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readDetections, silentLogger, type VideoEntry } from '@wsstad/core';
import {
  generateBenchmark,
  loadManifest,
  readGroundTruth,
  resolveInManifest,
  type LoadedManifest,
} from '@wsstad/video';
import { detectStage } from './stage';
import { normalizeDetectorConfig } from './config';
import { DETECTORS } from './registry';

let dir: string;
let m: LoadedManifest;
let video: VideoEntry;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'detect-stage-'));
  m = loadManifest(
    generateBenchmark({ preset: 'tiny', seed: 3, outDir: dir, overrides: { trainVideos: 0, testVideos: 1 } })
      .manifestPath,
  );
  video = m.videos[0]!;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runStage(params: unknown, name: string) {
  const out = join(dir, `${name}.detections.arrow`);
  await detectStage.run({
    params: detectStage.normalizeParams(params),
    video,
    datasetDir: m.dir,
    inputs: {},
    outputPath: () => out,
    seed: 0,
    log: silentLogger,
  });
  return readDetections(out);
}

describe('detect stage', () => {
  it('declares a per-video stage with no inputs and a detections output', () => {
    expect(detectStage.scope).toBe('video');
    expect(detectStage.inputs).toEqual([]);
    expect(detectStage.outputs).toEqual(['detections']);
  });

  it('writes detections with the video info and lineage, on every stride-th frame only', async () => {
    const STRIDE = 3;
    const d = await runStage({ stride: STRIDE }, 'bgs');
    expect(d.video.width).toBe(128);
    expect(d.video.frameCount).toBe(80);
    expect(d.lineage.stage).toBe('detect');
    expect(d.lineage.videoId).toBe(video.id);
    expect(d.frame.length).toBeGreaterThan(0);
    expect(Array.from(d.frame).every((f) => f % STRIDE === 0)).toBe(true);
    expect(Array.from(d.score).every((s) => Number.isFinite(s) && s >= 0 && s <= 1)).toBe(true);
  });

  it('the oracle turns the ground-truth objects into score-1 detections', async () => {
    const d = await runStage({ detector: 'oracle' }, 'oracle');
    const gt = readGroundTruth(resolveInManifest(m.dir, video.groundTruth!));
    expect(d.frame.length).toBe(gt.objects!.filter((o) => o.box[2] > o.box[0] && o.box[3] > o.box[1]).length);
    expect(Array.from(d.score).every((s) => s === 1)).toBe(true);
  });

  it('rejects bad params with the allowed values', () => {
    expect(() => detectStage.normalizeParams({ stride: 0 })).toThrow(/stride=0 .*integer in \[1, 1000\]/);
    expect(() => detectStage.normalizeParams({ detector: 'yolo9000' })).toThrow(
      /unknown detector 'yolo9000'; valid: .*background-subtraction/,
    );
    expect(() => normalizeDetectorConfig({ kind: 'background-subtraction', history: -1 })).toThrow(ConfigError);
    expect(() => normalizeDetectorConfig({ kind: 'background-subtraction', histroy: 5 })).toThrow(
      /unknown detector 'background-subtraction' setting 'histroy'; valid: /,
    );
    expect(() => normalizeDetectorConfig({ kind: 'onnx' })).toThrow(/needs setting 'model'/);
  });

  it('registry is frozen and names every kind', () => {
    expect(Object.isFrozen(DETECTORS)).toBe(true);
    expect(Object.keys(DETECTORS).sort()).toEqual([
      'background-subtraction',
      'coco-centernet',
      'coco-nanodet',
      'onnx',
      'oracle',
    ]);
  });
});
