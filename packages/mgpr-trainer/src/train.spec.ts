// The real module object (not an interop copy), so spies see every caller's reads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, NumericError, silentLogger, type VideoEntry } from '@wsstad/core';
import { loadModel } from '@wsstad/relationship-module';
import {
  VARIANTS,
  bagsForVideos,
  normalizeTrainConfig,
  trainMgpr,
  trainStage,
  writeToyDataset,
  logToJsonl,
  type TrainConfig,
  type VideoArtifactPaths,
  type VideoBags,
} from './index';

/** Small, fast shapes: 16-d toy features, a 32-8 scorer, 4 heads. */
const FAST = {
  model: { hidden: [32, 8] as [number, number], heads: 4 },
  batchAbnormal: 8,
  batchNormal: 8,
  validateEvery: 5,
};
/** Well above the 0.5 of chance on the toy data (its anomalous instance is shifted by 1.5 std in 8 of 16 dims). */
const MIN_VAUC = 0.8;

let dir: string;
let videos: VideoEntry[];
let paths: Record<string, VideoArtifactPaths>;
const bagsOf = (cfg: TrainConfig): VideoBags[] =>
  bagsForVideos(
    videos.map((video) => ({ video, inputs: paths[video.id] as never })),
    cfg,
  );
const cfgOf = (over: Record<string, unknown>) => normalizeTrainConfig({ ...FAST, ...over });
const losses = (log: Awaited<ReturnType<typeof trainMgpr>>['log']) =>
  log.map((r) => (r.kind === 'step' ? r.total : r.vauc));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mgpr-'));
  ({ videos, paths } = writeToyDataset(join(dir, 'toy'), { videos: 40, dim: 16, seed: 3 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training on toy features', () => {
  it('the full method lifts validation VAUC well above chance', async () => {
    const cfg = cfgOf({ iterations: 30 });
    const res = await trainMgpr(bagsOf(cfg), cfg, { seed: 1 });
    expect(res.best!.vauc).toBeGreaterThan(MIN_VAUC);
    expect(res.validationIds.length).toBeGreaterThan(0);
    res.model.dispose();
  });

  it('relationLearningRate drives the attention projections; the scorer keeps learningRate', async () => {
    const weightsAfter = async (iterations: number, relationLearningRate: number | null) => {
      const cfg = cfgOf({ iterations, relationLearningRate, validateEvery: 100 });
      const r = await trainMgpr(bagsOf(cfg), cfg, { seed: 4 });
      const br = r.model.branches.tube;
      const w = (n: string) => Array.from(br.variables[br.variableNames.indexOf(n)]!.dataSync());
      const out = { wq: w('attn/wq'), fc3: w('fc3/kernel') };
      r.model.dispose();
      return out;
    };
    const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
    const [one, three, free] = [await weightsAfter(1, 1e-9), await weightsAfter(3, 1e-9), await weightsAfter(3, null)];
    expect(maxDiff(one.wq, three.wq)).toBeLessThan(1e-6); // frozen up to 2 steps of 1e-9
    expect(maxDiff(one.fc3, three.fc3)).toBeGreaterThan(1e-4); // the scorer still learns
    expect(maxDiff(three.wq, free.wq)).toBeGreaterThan(1e-4); // null = learningRate moves them
    expect(() => cfgOf({ relationLearningRate: -1 })).toThrow(/relationLearningRate/);
  });

  it('every variant trains to completion', async () => {
    for (const variant of Object.keys(VARIANTS)) {
      const cfg = cfgOf({ variant, iterations: 2, validateEvery: 2 });
      const res = await trainMgpr(bagsOf(cfg), cfg, { seed: 2 });
      expect(res.completed).toBe(true);
      const steps = res.log.filter((r) => r.kind === 'step');
      expect(steps.length).toBe(VARIANTS[variant]!.branches === 'dual' ? 4 : 2);
      expect(steps.every((s) => Number.isFinite(s.total))).toBe(true);
      res.model.dispose();
    }
  });

  it('is reproducible, leaks no tensors, and resumes exactly after an interruption', async () => {
    const cfg = cfgOf({ iterations: 6, checkpointEvery: 2, guidance: 'single', pairing: 'index' });
    const counts: number[] = [];
    const a = await trainMgpr(bagsOf(cfg), cfg, {
      seed: 5,
      onIteration: (_, tf) => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts.slice(1)).size).toBe(1);
    const b = await trainMgpr(bagsOf(cfg), cfg, { seed: 5 });
    // Byte-identical training logs: the model directory is content-hashed, so nothing run-dependent (timings) may be in
    // it.
    expect(logToJsonl(b.log)).toBe(logToJsonl(a.log));
    const ck = join(dir, 'ck');
    const first = await trainMgpr(bagsOf(cfg), cfg, { seed: 5, checkpointDir: ck, stopAfter: 3 });
    expect(first.completed).toBe(false);
    first.model.dispose();
    const resumed = await trainMgpr(bagsOf(cfg), cfg, { seed: 5, checkpointDir: ck });
    expect(losses(resumed.log)).toEqual(losses(a.log));
    expect(existsSync(join(ck, 'checkpoint.json'))).toBe(false);
    for (const r of [a, b, resumed]) r.model.dispose();
  });

  it('stops on NaN with a NumericError naming the loss, branch and iteration', async () => {
    const cfg = cfgOf({ iterations: 2, normalizer: 'none', validationFraction: 0 });
    const bags = bagsOf(cfg);
    for (const v of bags) v.temporal.features[0] = NaN;
    await expect(trainMgpr(bags, cfg, { seed: 1 })).rejects.toThrow(NumericError);
    await expect(trainMgpr(bags, cfg, { seed: 1 })).rejects.toThrow(
      /loss '\w+' of the temporal branch is NaN at iteration 0/,
    );
  });

  it('builds a fallback whole-frame instance for videos without tubes', () => {
    const bags = bagsOf(cfgOf({}));
    const empty = bags.filter((b) => b.tube.fallback);
    expect(empty.length).toBeGreaterThan(0);
    for (const b of empty) {
      expect(b.tube.n).toBe(1);
      expect(Array.from(b.tube.region)).toEqual(Array.from(b.tube.image));
    }
    const noMvt = bagsOf(cfgOf({ variant: 'no-mvt' }));
    expect(noMvt.reduce((s, b) => s + b.tube.n, 0)).toBeLessThan(bags.reduce((s, b) => s + b.tube.n, 0));
  });

  it('rejects unknown variants by listing the valid ones', () => {
    expect(() => normalizeTrainConfig({ variant: 'best' })).toThrow(/variant="best" is invalid; allowed: 'mgpr' \| /);
    expect(() => normalizeTrainConfig({ guidance: 'both' })).toThrow(ConfigError);
    expect(() => normalizeTrainConfig({ model: { relation: 'gcn' } })).toThrow(/set by the variant/);
  });
});

describe('trainStage', () => {
  it('writes a loadable model, log and curve, and never opens ground-truth files', async () => {
    const gt = join(dir, 'SECRET-gt.json');
    writeFileSync(gt, '{}');
    const entries = videos.map((v) => ({
      video: { ...v, groundTruth: gt },
      inputs: paths[v.id] as unknown as Record<string, string>,
    }));
    const opened: string[] = [];
    const spies = (['readFileSync', 'openSync', 'createReadStream', 'readFile'] as const).map((k) => {
      const orig = fs[k] as (...a: unknown[]) => unknown;
      return jest.spyOn(fs, k as never).mockImplementation(((...a: unknown[]) => {
        opened.push(String(a[0]));
        return orig(...a);
      }) as never);
    });
    const out = join(dir, 'stage-out');
    const params = trainStage.normalizeParams({ ...FAST, iterations: 3 });
    try {
      await trainStage.run({
        params,
        datasetDir: dir,
        videos: entries,
        inputs: {},
        outputDir: () => out,
        seed: 1,
        log: silentLogger,
      });
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(opened.some((p) => p.includes('clip-features'))).toBe(true);
    expect(opened.filter((p) => p.includes('SECRET-gt'))).toEqual([]);
    for (const f of ['model.json', 'model.bin', 'train-log.jsonl', 'loss-curve.svg'])
      expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'loss-curve.svg'), 'utf8')).toContain('<polyline');
    const m = await loadModel(out, { expectFeatureDim: 16 });
    expect(m.config.relation).toBe('attention');
    m.dispose();
  });
});
