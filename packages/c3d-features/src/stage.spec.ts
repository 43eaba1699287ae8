import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clipIndex,
  clipsForSpan,
  ConfigError,
  meanPool,
  NumericError,
  readClipFeatures,
  silentLogger,
  UnavailableError,
  writeTubes,
  writeVideolets,
  type Lineage,
} from '@wsstad/core';
import { writeY4m } from '@wsstad/video';
import { normalizeFeaturesConfig } from './config';
import { DEFAULT_FEATURES_CONFIG } from './defaults';
import { computeClipFeatures, createBackbone } from './registry';
import { disposeFeatureBackbones, featuresStage } from './stage';
import { renderFrame, syntheticVideo, tubeOf, walker } from './test-utils';
import type { ClipBackbone } from './types';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'c3d-stage-'));
});
afterAll(() => {
  disposeFeatureBackbones();
  rmSync(dir, { recursive: true, force: true });
});
const LINEAGE: Lineage = { stage: 'test', codeVersion: '0', paramsHash: '0', inputs: {} };

describe('featuresStage', () => {
  it('declares its contract', () => {
    expect(featuresStage.scope).toBe('video');
    expect(featuresStage.inputs).toEqual(['tubes', 'videolets']);
    expect(featuresStage.outputs).toEqual(['clip-features']);
    expect(featuresStage.normalizeParams({})).toEqual(DEFAULT_FEATURES_CONFIG);
  });

  it('computes whole-frame and tube clips of a video file and writes the artifact with lineage', async () => {
    const W = 96,
      H = 72,
      N = 40;
    const o = walker((f) => 5 + 2 * f, 20);
    const info = { width: W, height: H, fps: 25, frameCount: N };
    await writeY4m(
      join(dir, 'v.y4m'),
      Array.from({ length: N }, (_, f) => renderFrame(W, H, f, [o])),
      25,
    );
    writeTubes(join(dir, 'tubes.arrow'), info, [tubeOf(3, o, 4, 30), tubeOf(5, o, 20, 26)], LINEAGE);
    writeVideolets(
      join(dir, 'videolets.arrow'),
      info,
      [
        { index: 0, startFrame: 0, endFrame: 20 },
        { index: 1, startFrame: 20, endFrame: 40 },
      ],
      LINEAGE,
    );
    const out = join(dir, 'features.arrow');
    await featuresStage.run({
      params: normalizeFeaturesConfig({}),
      video: { id: 'v', uri: 'v.y4m', split: 'test', label: 'normal', category: 'normal' },
      datasetDir: dir,
      inputs: { tubes: join(dir, 'tubes.arrow'), videolets: join(dir, 'videolets.arrow') },
      outputPath: () => out,
      seed: 0,
      log: silentLogger,
    });
    const cf = readClipFeatures(out);
    expect(cf.backbone).toBe('hog-hof-mbh-v1/3x3x2');
    expect(cf.dim).toBe(632);
    expect(cf.lineage.stage).toBe('features');
    expect(Object.keys(cf.lineage.inputs).sort()).toEqual(['tubes', 'videolets']);
    const idx = clipIndex(cf);
    expect(idx.get(-1)!.map((r) => [cf.clipStart[r], cf.clipEnd[r]])).toEqual([
      [0, 16],
      [16, 32],
      [32, 40],
    ]);
    expect(idx.get(3)!.map((r) => [cf.clipStart[r], cf.clipEnd[r]])).toEqual([
      [4, 20],
      [20, 30],
    ]);
    expect(idx.get(5)!.map((r) => [cf.clipStart[r], cf.clipEnd[r]])).toEqual([[20, 26]]);
    // a videolet pools from whole-frame clips without touching pixels again
    const pooled = meanPool(cf, clipsForSpan(cf, idx.get(-1)!, 20, 40), { l2: 'after' });
    expect(pooled.every(Number.isFinite)).toBe(true);
  });

  it('refuses to produce NaN features: NumericError naming the clip', async () => {
    const nan: ClipBackbone<number> = {
      id: 'nan',
      dim: 2,
      batchSize: 1,
      frameRecord: (f) => f.index,
      clipFeatures: async (c) => c.map(() => Float32Array.of(0, NaN)),
      dispose() {},
    };
    const err = await computeClipFeatures(
      syntheticVideo(16, 16, 5, []),
      [],
      DEFAULT_FEATURES_CONFIG,
      nan as ClipBackbone,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NumericError);
    expect((err as Error).message).toMatch(/clip of the whole frame, frames \[0, 5\)/);
  });

  it('c3d without weights is unavailable with a clear message', async () => {
    await expect(createBackbone(normalizeFeaturesConfig({ backbone: 'c3d' }))).rejects.toThrow(UnavailableError);
    await expect(createBackbone(normalizeFeaturesConfig({ backbone: 'c3d' }))).rejects.toThrow(/c3d\.weights/);
  });
});

describe('normalizeFeaturesConfig', () => {
  it('fills defaults and range-checks with the allowed values in the message', () => {
    expect(normalizeFeaturesConfig({ grid: { stride: 8 } }).grid).toEqual({
      clipLength: 16,
      stride: 8,
      minTailFrames: 4,
    });
    expect(() => normalizeFeaturesConfig({ backbone: 'i3d' })).toThrow(
      /backbone="i3d" is invalid; allowed: "hog-hof-mbh", "c3d"/,
    );
    expect(() => normalizeFeaturesConfig({ grid: { stride: 32 } })).toThrow(ConfigError);
    expect(() => normalizeFeaturesConfig({ strid: 8 })).toThrow(/unknown features param 'strid'/);
    expect(() => normalizeFeaturesConfig({ c3d: { weights: 'a.safetensors', onnx: 'b.onnx' } })).toThrow(/exactly one/);
    expect(() => normalizeFeaturesConfig({ c3d: { mean: [1, 2] } })).toThrow(/three numbers/);
  });
});
