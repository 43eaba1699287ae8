import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Rng, type VideoEntry } from '@wsstad/core';
import {
  createModel,
  createOrtBranchEngine,
  normalizeModelConfig,
  type OrtBranchEngine,
  type TrainableBranch,
} from '@wsstad/relationship-module';
import {
  bagsForVideos,
  branchStep,
  normalizeTrainConfig,
  resolveEngine,
  scoreBags,
  trainMgpr,
  writeToyDataset,
  type BagInput,
  type StepOptions,
  type TrainConfig,
  type VideoArtifactPaths,
  type VideoBags,
} from './index';

/** Same shapes as train.spec.ts: 16-d toy features, a 32-8 scorer, 4 heads. */
const FAST = {
  model: { hidden: [32, 8] as [number, number], heads: 4 },
  batchAbnormal: 8,
  batchNormal: 8,
  validateEvery: 5,
};
/** Well above the 0.5 of chance on the toy data (as train.spec.ts). */
const MIN_VAUC = 0.8;
/** float32 inference scores of the two engines. */
const SCORE_TOL = 1e-5;
/** Gradients of the two engines relative to the largest entry (float32 sums in different orders, two micro-batches). */
const GRAD_REL_TOL = 1e-4;

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
  dir = mkdtempSync(join(tmpdir(), 'mgpr-ort-'));
  ({ videos, paths } = writeToyDataset(join(dir, 'toy'), { videos: 40, dim: 16, seed: 3 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bags of different lengths (padding inside micro-batches), half abnormal. */
function randomBags(seed: number, dim: number, lengths: number[]): BagInput[] {
  const rng = new Rng(seed);
  return lengths.map((n) => ({
    n,
    features: Float32Array.from({ length: n * dim }, () => rng.normal()),
    positions: Float32Array.from({ length: n }, (_, i) => i / n),
  }));
}

describe('the onnxruntime engine in the trainer', () => {
  it.each([
    ['attention', 'mlp'],
    ['none', 'mlp'],
    ['attention', 'linear'],
  ] as const)(
    'scoreBags and branchStep (2 micro-batches) equal the tfjs path, dropout 0 (%s, %s scorer)',
    async (relation, scorer) => {
      const cfg = normalizeModelConfig({ featureDim: 16, heads: 4, hidden: [8, 4], dropout: 0, relation, scorer });
      const m = await createModel(cfg, 11);
      const { tf } = m;
      const br: TrainableBranch = m.branches.tube;
      const bags = randomBags(12, 16, [3, 5, 2, 4, 5, 1]);
      const labels = [1, 1, 1, 0, 0, 0];
      const guidance = labels.map((l, i) =>
        l ? Float32Array.from({ length: bags[i]!.n }, (_, k) => 0.3 + 0.1 * k) : undefined,
      );
      const opts: StepOptions = {
        loss: 'mg-rank+ce',
        pairing: 'all',
        smoothness: 0,
        sparsity: 0,
        microBatch: 3,
        memoryBudgetMB: 64,
        dropoutSeed: 1,
      };
      const tfjsScores = scoreBags(tf, br, cfg, bags, 64);
      const tfjs = branchStep(tf, br, cfg, { bags, labels, guidance }, opts);
      const engine = await createOrtBranchEngine(cfg, { device: 'cpu' });
      try {
        const ortScores = scoreBags(tf, br, cfg, bags, 64, engine);
        ortScores.forEach((s, b) => {
          expect(s.length).toBe(bags[b]!.n);
          s.forEach((v, i) => expect(Math.abs(v - tfjsScores[b]![i]!)).toBeLessThan(SCORE_TOL));
        });
        const ort = branchStep(tf, br, cfg, { bags, labels, guidance }, { ...opts, engine });
        expect(ort.microBatches).toBe(2);
        expect(Math.abs(ort.total - tfjs.total)).toBeLessThan(SCORE_TOL);
        ort.grads.forEach((g, i) => {
          const got = g.dataSync(),
            want = tfjs.grads[i]!.dataSync();
          const scale = Math.max(...Array.from(want, Math.abs));
          expect(scale).toBeGreaterThan(0);
          want.forEach((w, j) => expect(Math.abs(got[j]! - w) / scale).toBeLessThan(GRAD_REL_TOL));
        });
        tf.dispose(ort.grads);
      } finally {
        engine.dispose();
      }
      tf.dispose(tfjs.grads);
      m.dispose();
    },
  );

  it('trains on the toy data (validation VAUC well above chance), on the engine, reproducibly', async () => {
    const cfg = cfgOf({ iterations: 30, engine: 'onnxruntime' });
    const engines: Array<OrtBranchEngine | undefined> = [];
    const a = await trainMgpr(bagsOf(cfg), cfg, { seed: 1, onIteration: (_, __, ___, engine) => engines.push(engine) });
    expect(engines.length).toBe(30);
    expect(engines.every((e) => e !== undefined && e === engines[0])).toBe(true); // one onnxruntime engine throughout
    // and released at the end (release.spec.ts counts the disposals, also when an iteration throws)
    const w = a.model.branches.tube.variables.map((v) => v.dataSync() as Float32Array);
    const one = { x: new Float32Array(16), mask: Float32Array.of(1), b: 1, n: 1 };
    expect(() => engines[0]!.score(w, one)).toThrow(/after dispose/);
    expect(a.best!.vauc).toBeGreaterThan(MIN_VAUC);
    const b = await trainMgpr(bagsOf(cfg), cfg, { seed: 1 });
    const weights = (r: typeof a) =>
      [...r.model.branches.tube.variables, ...r.model.branches.temporal.variables].map((v) => Array.from(v.dataSync()));
    expect(weights(b)).toEqual(weights(a));
    expect(losses(b.log)).toEqual(losses(a.log));
    // The engine changes the dropout stream, so onnxruntime and tfjs runs differ (the engine is really used).
    const t = await trainMgpr(
      bagsOf(cfgOf({ iterations: 2, engine: 'tfjs' })),
      cfgOf({ iterations: 2, engine: 'tfjs' }),
      { seed: 1 },
    );
    expect(losses(t.log).slice(0, 4)).not.toEqual(losses(a.log).slice(0, 4));
    for (const r of [a, b, t]) r.model.dispose();
  });

  it("trains a linear-scorer model on the toy data (scorer 'linear' through the train params)", async () => {
    // One D -> 1 layer moves about lr per weight per step: the linear scorer takes plain MIL's lr (0.01), not 0.0005.
    const cfg = cfgOf({
      iterations: 30,
      learningRate: 0.01,
      engine: 'onnxruntime',
      model: { scorer: 'linear', heads: 4 },
    });
    const r = await trainMgpr(bagsOf(cfg), cfg, { seed: 1 });
    expect(r.model.config.scorer).toBe('linear');
    expect(r.model.branches.tube.variableNames).toEqual(['attn/wq', 'attn/wk', 'attn/wv', 'fc3/kernel', 'fc3/bias']);
    expect(r.best!.vauc).toBeGreaterThan(MIN_VAUC);
    r.model.dispose();
  });

  it("resolves 'auto' per relation and rejects onnxruntime for gcn with a ConfigError", () => {
    expect(resolveEngine('auto', 'attention')).toBe('onnxruntime');
    expect(resolveEngine('auto', 'none')).toBe('onnxruntime');
    expect(resolveEngine('auto', 'gcn')).toBe('tfjs');
    expect(resolveEngine('tfjs', 'attention')).toBe('tfjs');
    expect(() => normalizeTrainConfig({ variant: 'gcn', engine: 'onnxruntime' })).toThrow(ConfigError);
    expect(() => normalizeTrainConfig({ variant: 'gcn', engine: 'onnxruntime' })).toThrow(
      /allowed engines for it: 'tfjs' \| 'auto'/,
    );
    expect(() => normalizeTrainConfig({ engine: 'torch' })).toThrow(/'auto' \| 'tfjs' \| 'onnxruntime'/);
    expect(() => normalizeTrainConfig({ engineDevice: 'gpu' })).toThrow(/'cpu' \| 'cuda' \| 'auto'/);
    expect(normalizeTrainConfig({}).engine).toBe('auto');
  });
});
