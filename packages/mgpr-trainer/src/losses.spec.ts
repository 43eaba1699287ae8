import type * as TF from '@tensorflow/tfjs';
import { Rng, pickTfBackend } from '@wsstad/core';
import { createModel, normalizeModelConfig, type Tf } from '@wsstad/relationship-module';
import { milLosses, type LossContext } from './losses';
import { branchStep } from './step';
import type { BagInput } from './batch';

/** float32 sums of a handful of terms. */
const EXACT = 1e-6;
/** Central differences in float32 with step H: truncation + rounding error bound. */
const H = 1e-2;
const FD_ABS = 2e-3;
const FD_REL = 0.05;

let tf: Tf;
beforeAll(async () => {
  tf = (await pickTfBackend()).tf;
});

const ctxOf = (over: Partial<LossContext>): LossContext => ({
  mask: tf.tensor2d([
    [1, 1, 0],
    [1, 1, 1],
  ]),
  labels: [1, 0],
  loss: 'rank',
  pairing: 'index',
  smoothness: 8e-5,
  sparsity: 8e-5,
  ...over,
});
const val = (t: TF.Scalar | undefined) => t!.dataSync()[0]!;

describe('MIL losses: hand-computed values', () => {
  // Bag 0 (abnormal): [0.9, 0.2, pad=0.99 must be ignored]; bag 1 (normal): [0.3, 0.6, 0.1].
  const scores = () =>
    tf.tensor2d([
      [0.9, 0.2, 0.99],
      [0.3, 0.6, 0.1],
    ]);

  it('L_Rank (Sultani hinge): max(0, 1 - 0.9 + 0.6) = 0.7', () => {
    expect(Math.abs(val(milLosses(tf, scores(), ctxOf({})).rank) - 0.7)).toBeLessThan(EXACT);
  });
  it('L_MG-Rank (eq. 4/5): guidance 0.5 of the abnormal max instance halves it', () => {
    expect(
      Math.abs(val(milLosses(tf, scores(), ctxOf({ loss: 'mg-rank', guidance: [0.5, 0.123] })).mgRank) - 0.35),
    ).toBeLessThan(EXACT);
  });
  it('L_CE (eq. 7): -log 0.9 - log(1 - 0.6)', () => {
    expect(
      Math.abs(val(milLosses(tf, scores(), ctxOf({ loss: 'ce' })).ce) - (-Math.log(0.9) - Math.log(0.4))),
    ).toBeLessThan(EXACT);
  });
  it('eq. 8 pieces: mg-rank+ce has both parts and no plain rank', () => {
    const p = milLosses(tf, scores(), ctxOf({ loss: 'mg-rank+ce', guidance: [1, 1] }));
    expect(Object.keys(p).sort()).toEqual(['ce', 'mgRank']);
  });
  it('DMRM: hinge + 8e-5 * sparsity + 8e-5 * smoothness over the abnormal bag only', () => {
    const p = milLosses(tf, scores(), ctxOf({ loss: 'dmrm' }));
    expect(Math.abs(val(p.rank) - 0.7)).toBeLessThan(EXACT);
    expect(Math.abs(val(p.sparsity) - 8e-5 * 1.1)).toBeLessThan(EXACT);
    expect(Math.abs(val(p.smoothness) - 8e-5 * 0.49)).toBeLessThan(EXACT);
  });
  it("'all' pairing averages every abnormal/normal pair; 'index' pairs i with i", () => {
    const s = tf.tensor2d([[0.9], [0.5], [0.3], [0.8]]);
    const mask = tf.ones([4, 1]) as TF.Tensor2D;
    const labels = [1, 1, 0, 0];
    const all = val(milLosses(tf, s as TF.Tensor2D, ctxOf({ mask, labels, pairing: 'all' })).rank);
    const idx = val(milLosses(tf, s as TF.Tensor2D, ctxOf({ mask, labels, pairing: 'index' })).rank);
    // pairs: (0.9,0.3)=0.4 (0.9,0.8)=0.9 (0.5,0.3)=0.8 (0.5,0.8)=1.3
    expect(Math.abs(all - (0.4 + 0.9 + 0.8 + 1.3) / 4)).toBeLessThan(EXACT);
    expect(Math.abs(idx - (0.4 + 1.3) / 2)).toBeLessThan(EXACT);
  });
});

describe('MIL losses: gradients against finite differences', () => {
  it('d loss / d scores matches central differences for every loss kind', () => {
    const rng = new Rng(1);
    const base = Float32Array.from({ length: 12 }, () => rng.uniform(0.05, 0.95));
    const mask = tf.tensor2d([
      [1, 1, 1, 0],
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]);
    for (const loss of ['rank', 'mg-rank+ce', 'ce', 'dmrm'] as const) {
      const ctx = ctxOf({ mask, labels: [1, 0, 1], loss, guidance: [0.7, 0.2, 0.4], pairing: 'all' });
      const f = (s: TF.Tensor) => tf.addN(Object.values(milLosses(tf, s as TF.Tensor2D, ctx))) as TF.Scalar;
      const g = tf
        .grad(f)(tf.tensor2d(base, [3, 4]))
        .dataSync();
      for (let i = 0; i < base.length; i++) {
        const up = Float32Array.from(base);
        up[i]! += 1e-3;
        const dn = Float32Array.from(base);
        dn[i]! -= 1e-3;
        const num = (val(f(tf.tensor2d(up, [3, 4]))) - val(f(tf.tensor2d(dn, [3, 4])))) / 2e-3;
        expect(Math.abs(num - g[i]!)).toBeLessThan(FD_ABS + FD_REL * Math.abs(num));
      }
    }
  });

  it('branch step gradients (attention + scorer + L2) match central differences on the weights', async () => {
    const cfg = normalizeModelConfig({ featureDim: 8, heads: 2, hidden: [6, 4], dropout: 0 });
    const m = await createModel(cfg, 2);
    const br = m.branches.tube;
    const rng = new Rng(3);
    const bags: BagInput[] = [3, 2, 4, 1].map((n) => ({
      n,
      features: Float32Array.from({ length: n * 8 }, () => rng.normal()),
      positions: new Float32Array(n),
    }));
    const input = {
      bags,
      labels: [1, 1, 0, 0],
      guidance: bags.map((b) => Float32Array.from({ length: b.n }, (_, i) => 0.3 + 0.1 * i)),
    };
    const opts = {
      loss: 'mg-rank+ce' as const,
      pairing: 'all' as const,
      smoothness: 0,
      sparsity: 0,
      microBatch: 0,
      memoryBudgetMB: 64,
      dropoutSeed: 0,
    };
    const res = branchStep(tf, br, cfg, input, opts);
    for (const name of ['attn/wq', 'attn/wv', 'fc1/kernel', 'fc3/bias']) {
      const vi = br.variableNames.indexOf(name);
      const v = br.variables[vi]!;
      const orig = v.dataSync().slice() as Float32Array;
      const g = res.grads[vi]!.dataSync();
      for (const k of [0, Math.floor(orig.length / 2), orig.length - 1]) {
        const at = (delta: number) => {
          const w = Float32Array.from(orig);
          w[k]! += delta;
          v.assign(tf.tensor(w, v.shape));
          const r = branchStep(tf, br, cfg, input, opts);
          r.grads.forEach((t) => t.dispose());
          return r.total;
        };
        const num = (at(H) - at(-H)) / (2 * H);
        v.assign(tf.tensor(orig, v.shape));
        expect(Math.abs(num - g[k]!)).toBeLessThan(FD_ABS + FD_REL * Math.abs(num));
      }
    }
    res.grads.forEach((t) => t.dispose());
    m.dispose();
  });

  it('micro-batched gradient accumulation equals the one-batch gradient', async () => {
    const cfg = normalizeModelConfig({ featureDim: 8, heads: 2, hidden: [6, 4], dropout: 0 });
    const m = await createModel(cfg, 4);
    const rng = new Rng(5);
    const bags: BagInput[] = [3, 5, 2, 4, 1, 3].map((n) => ({
      n,
      features: Float32Array.from({ length: n * 8 }, () => rng.normal()),
      positions: new Float32Array(n),
    }));
    const input = { bags, labels: [1, 1, 1, 0, 0, 0] };
    const opts = {
      loss: 'dmrm' as const,
      pairing: 'all' as const,
      smoothness: 8e-5,
      sparsity: 8e-5,
      memoryBudgetMB: 64,
      dropoutSeed: 0,
    };
    const one = branchStep(tf, m.branches.temporal, cfg, input, { ...opts, microBatch: 0 });
    const many = branchStep(tf, m.branches.temporal, cfg, input, { ...opts, microBatch: 2 });
    expect(one.microBatches).toBe(1);
    expect(many.microBatches).toBe(3);
    expect(Math.abs(one.total - many.total)).toBeLessThan(1e-5);
    one.grads.forEach((g, i) => {
      const diff = tf.max(tf.abs(tf.sub(g, many.grads[i]!))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-5);
    });
    m.dispose();
  });
});
