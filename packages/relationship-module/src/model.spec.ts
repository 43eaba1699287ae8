import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, ConfigError, Rng, pickTfBackend } from '@wsstad/core';
import {
  createModel,
  saveModel,
  loadModel,
  normalizeModelConfig,
  fastOps,
  fitStandardizer,
  combineBranchScores,
  type ModelConfig,
  type TrainableModel,
} from './index';

/** float32 forward passes of a few hundred ops: agreement to 1e-5 relative is what single precision gives. */
const TOL = 1e-5;

const small = (over: Partial<ModelConfig> = {}): ModelConfig =>
  normalizeModelConfig({ featureDim: 16, heads: 4, hidden: [8, 4], ...over });

function randn(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

async function weights(m: TrainableModel, branch: 'tube' | 'temporal', name: string): Promise<Float32Array> {
  const br = m.branches[branch];
  return (await br.variables[br.variableNames.indexOf(name)]!.data()) as Float32Array;
}

/** Eq. 1-3 and the scorer in plain JS (row-major), the independent reference. */
async function referenceScores(m: TrainableModel, x: Float32Array, n: number): Promise<Float32Array> {
  const {
    featureDim: d,
    heads: H,
    hidden: [h1, h2],
  } = m.config;
  const dh = d / H;
  const W = async (k: string) => weights(m, 'tube', k);
  const linear = m.config.scorer === 'linear';
  const [wq, wk, wv, k3, b3] = await Promise.all(['attn/wq', 'attn/wk', 'attn/wv', 'fc3/kernel', 'fc3/bias'].map(W));
  const [k1, b1, k2, b2] = linear ? [] : await Promise.all(['fc1/kernel', 'fc1/bias', 'fc2/kernel', 'fc2/bias'].map(W));
  const proj = (w: Float32Array) => {
    const o = new Float64Array(n * d);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < d; c++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += x[i * d + k]! * w[k * d + c]!;
        o[i * d + c] = s;
      }
    return o;
  };
  const q = proj(wq!),
    kk = proj(wk!),
    v = proj(wv!);
  const f = new Float64Array(n * d);
  const centred = m.config.attentionCentering === 'bag-mean';
  for (let h = 0; h < H; h++)
    for (let i = 0; i < n; i++) {
      const logits = Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let c = 0; c < dh; c++) s += q[i * d + h * dh + c]! * kk[j * d + h * dh + c]!;
        return s / Math.sqrt(dh);
      });
      const mx = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - mx));
      const z = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < dh; c++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (e[j]! / z) * v[j * d + h * dh + c]!;
        f[i * d + h * dh + c] = s + x[i * d + h * dh + c]!;
      }
    }
  if (centred)
    for (let c = 0; c < d; c++) {
      // f_i = x_i + o_i - mean_j o_j, with o_j = f_j - x_j as computed above
      let mean = 0;
      for (let j = 0; j < n; j++) mean += (f[j * d + c]! - x[j * d + c]!) / n;
      for (let i = 0; i < n; i++) f[i * d + c]! -= mean;
    }
  const dense = (inp: ArrayLike<number>, w: Float32Array, b: Float32Array, din: number, dout: number, relu: boolean) =>
    Float64Array.from({ length: dout }, (_, c) => {
      let s = b[c]!;
      for (let k = 0; k < din; k++) s += inp[k]! * w[k * dout + c]!;
      return relu ? Math.max(0, s) : s;
    });
  return Float32Array.from({ length: n }, (_, i) => {
    const fi = f.subarray(i * d, (i + 1) * d);
    const a3 = linear
      ? dense(fi, k3!, b3!, d, 1, false)
      : dense(dense(dense(fi, k1!, b1!, d, h1, true), k2!, b2!, h1, h2, false), k3!, b3!, h2, 1, false);
    return 1 / (1 + Math.exp(-a3[0]!));
  });
}

describe('relationship module', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'relmod-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('matches a plain-JS implementation of eq. 1-3 plus the scorer', async () => {
    const m = await createModel(small(), 1);
    const x = randn(new Rng(2), 5 * 16);
    const got = await m.tube.scoreBag(x, 5);
    const want = await referenceScores(m, x, 5);
    for (let i = 0; i < 5; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(TOL);
    m.dispose();
  });

  it("scorer 'linear': eq. 1-3 then one D -> 1 layer; only the attention and fc3 weights exist", async () => {
    const m = await createModel(small({ scorer: 'linear' }), 1);
    expect(m.branches.tube.variableNames).toEqual(['attn/wq', 'attn/wk', 'attn/wv', 'fc3/kernel', 'fc3/bias']);
    expect(m.branches.tube.variables[3]!.shape).toEqual([16, 1]);
    const x = randn(new Rng(2), 5 * 16);
    const got = await m.tube.scoreBag(x, 5);
    const want = await referenceScores(m, x, 5);
    for (let i = 0; i < 5; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(TOL);
    // Only the output kernel is penalised: l2 * sum of its squares.
    const k = await weights(m, 'tube', 'fc3/kernel');
    const l2 = m.config.l2 * k.reduce((a, v) => a + v * v, 0);
    expect(Math.abs(m.branches.tube.l2Penalty().dataSync()[0]! - l2)).toBeLessThan(TOL * l2);
    m.dispose();
  });

  it("attentionInit 'zero-value': the module starts as the identity (relation 'none' scores, same seed)", async () => {
    const x = randn(new Rng(5), 5 * 16);
    for (const scorer of ['mlp', 'linear'] as const) {
      const att = await createModel(small({ attentionInit: 'zero-value', scorer }), 2);
      const none = await createModel(small({ relation: 'none', scorer }), 2);
      expect(Array.from(await weights(att, 'tube', 'attn/wv'))).toEqual(new Array(256).fill(0));
      expect(new Set(await weights(att, 'tube', 'attn/wq')).size).toBeGreaterThan(100);
      const a = await att.tube.scoreBag(x, 5);
      const b = await none.tube.scoreBag(x, 5);
      for (let i = 0; i < 5; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(TOL);
      expect(new Set(a).size).toBe(5);
      att.dispose();
      none.dispose();
    }
  });

  it("attentionCentering 'bag-mean': eq. 1-3 minus the attention's bag mean; a bag of one as 'none'", async () => {
    const x = randn(new Rng(6), 5 * 16);
    for (const scorer of ['mlp', 'linear'] as const) {
      const cen = await createModel(small({ attentionCentering: 'bag-mean', scorer }), 2);
      const plain = await createModel(small({ scorer }), 2);
      const none = await createModel(small({ relation: 'none', scorer }), 2);
      const got = await cen.tube.scoreBag(x, 5);
      const want = await referenceScores(cen, x, 5);
      for (let i = 0; i < 5; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(TOL);
      // Same weights as eq. 3 as written, different scores: the centring is not a no-op on a bag of five.
      const uncentred = await plain.tube.scoreBag(x, 5);
      expect(Math.max(...got.map((v, i) => Math.abs(v - uncentred[i]!)))).toBeGreaterThan(1e-3);
      // A bag of one: the attention output equals its own mean, so only the residual x reaches the scorer.
      for (let i = 0; i < 5; i++) {
        const one = x.subarray(i * 16, (i + 1) * 16);
        const [a] = await cen.tube.scoreBag(one, 1);
        const [b] = await none.tube.scoreBag(one, 1);
        expect(Math.abs(a! - b!)).toBeLessThan(TOL);
      }
      for (const mdl of [cen, plain, none]) mdl.dispose();
    }
  });

  it('relationL2 adds its weight times the squared attention projections to the scorer penalty', async () => {
    const plain = await createModel(small(), 7);
    const reg = await createModel(small({ relationL2: 0.01 }), 7);
    const sq = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0);
    const rel = await Promise.all(
      ['attn/wq', 'attn/wk', 'attn/wv'].map(async (k) => sq(await weights(reg, 'tube', k))),
    );
    const base = plain.branches.tube.l2Penalty().dataSync()[0]!;
    const want = base + 0.01 * rel.reduce((a, b) => a + b, 0);
    expect(rel[0]).toBeGreaterThan(0);
    expect(Math.abs(reg.branches.tube.l2Penalty().dataSync()[0]! - want)).toBeLessThan(TOL * want);
    // and its gradient reaches the projections: 2 * relationL2 * W
    const { tf } = reg;
    const wq = reg.branches.tube.variables[0]!;
    const g = tf.variableGrads(() => reg.branches.tube.l2Penalty(), [wq]);
    const got = g.grads[wq.name]!.dataSync();
    const w = await weights(reg, 'tube', 'attn/wq');
    for (let i = 0; i < w.length; i++) expect(Math.abs(got[i]! - 0.02 * w[i]!)).toBeLessThan(1e-6);
    tf.dispose([g.value, ...Object.values(g.grads)]);
    plain.dispose();
    reg.dispose();
  });

  it("outputInit 'zero': every score starts at 0.5; the other weights are the glorot model's", async () => {
    const x = randn(new Rng(3), 5 * 16);
    const zero = await createModel(small({ outputInit: 'zero' }), 1);
    const glorot = await createModel(small(), 1);
    expect(Array.from(await zero.tube.scoreBag(x, 5))).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(new Set(await glorot.tube.scoreBag(x, 5)).size).toBe(5);
    expect(Array.from(await weights(zero, 'tube', 'fc3/kernel'))).toEqual([0, 0, 0, 0]);
    expect(await weights(zero, 'tube', 'fc1/kernel')).toEqual(await weights(glorot, 'tube', 'fc1/kernel'));
    zero.dispose();
    glorot.dispose();
  });

  it('padding changes nothing: a bag scored alone equals the same bag padded inside a batch', async () => {
    for (const relation of ['attention', 'gcn', 'none'] as const) {
      const m = await createModel(small({ relation }), 3);
      const { tf } = m;
      const rng = new Rng(4);
      const a = randn(rng, 3 * 16),
        b = randn(rng, 6 * 16);
      const alone = await m.tube.scoreBag(a, 3);
      // Padded rows hold large garbage: they must neither be attended nor change real rows.
      const x = new Float32Array(2 * 6 * 16).fill(1e3);
      x.set(a, 0);
      x.set(b, 6 * 16);
      const mask = tf.tensor2d([
        [1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 1, 1],
      ]);
      const pos = tf.tensor2d([[0, 0.5, 1, 0, 0, 0], Array.from({ length: 6 }, (_, i) => i / 6)]);
      const s = m.branches.tube.forward(
        { x: tf.tensor2d(x, [12, 16]), mask, b: 2, n: 6, positions: relation === 'gcn' ? pos : undefined },
        { training: false },
      );
      const padded = (await s.data()) as Float32Array;
      const aloneWithPos = relation === 'gcn' ? await m.tube.scoreBag(a, 3, Float32Array.from([0, 0.5, 1])) : alone;
      for (let i = 0; i < 3; i++) expect(Math.abs(padded[i]! - aloneWithPos[i]!)).toBeLessThan(TOL);
      tf.dispose([s, mask, pos]);
      m.dispose();
    }
  });

  it('explicit-transpose matmul has the same gradients as the built-in matmul', async () => {
    const { tf } = await pickTfBackend();
    const { mm, mmConst } = fastOps(tf);
    const rng = new Rng(5);
    const a = tf.tensor3d(randn(rng, 2 * 3 * 4), [2, 3, 4]),
      b = tf.tensor3d(randn(rng, 2 * 4 * 5), [2, 4, 5]),
      c = tf.tensor3d(randn(rng, 2 * 3 * 5), [2, 3, 5]);
    type T = ReturnType<typeof tf.tensor>;
    const f = (op: (x: typeof a, y: typeof b) => T) =>
      tf.grads((x: T, y: T) => tf.sum(tf.mul(op(x as typeof a, y as typeof b), c)));
    const [ga, gb] = f((x, y) => mm(x, y))([a, b]);
    const [ra, rb] = f((x, y) => tf.matMul(x, y))([a, b]);
    expect(tf.max(tf.abs(tf.sub(ga!, ra!))).dataSync()[0]).toBeLessThan(TOL);
    expect(tf.max(tf.abs(tf.sub(gb!, rb!))).dataSync()[0]).toBeLessThan(TOL);
    const a2 = tf.tensor2d(randn(rng, 12), [3, 4]),
      b2 = tf.tensor2d(randn(rng, 20), [4, 5]);
    const [, gw] = tf.grads((x: T, y: T) => tf.sum(tf.square(mmConst(x, y))))([a2, b2]);
    const [, rw] = tf.grads((x: T, y: T) => tf.sum(tf.square(tf.matMul(x as typeof a2, y as typeof b2))))([a2, b2]);
    expect(tf.max(tf.abs(tf.sub(gw!, rw!))).dataSync()[0]).toBeLessThan(TOL);
  });

  it('save/load round-trips weights, config and normaliser; other feature dims fail clearly', async () => {
    const m = await createModel(small({ branches: 'tube' }), 7);
    const rng = new Rng(8);
    m.setNormalizer(fitStandardizer([{ features: randn(rng, 10 * 16), n: 10 }], 16));
    const x = randn(rng, 4 * 16);
    const before = await m.tube.scoreBag(m.normalize(x, 4), 4);
    const dir = join(tmp, 'model');
    await saveModel(m, dir);
    const back = await loadModel(dir, { expectFeatureDim: 16 });
    expect(back.config).toEqual(m.config);
    expect(Array.from(await back.tube.scoreBag(back.normalize(x, 4), 4))).toEqual(Array.from(before));
    // tube-only model: the temporal scorer answers with the trained tube branch
    expect(Array.from(await back.temporal.scoreBag(back.normalize(x, 4), 4))).toEqual(Array.from(before));
    await expect(loadModel(dir, { expectFeatureDim: 4096 })).rejects.toThrow(ConfigError);
    await expect(loadModel(dir, { expectFeatureDim: 4096 })).rejects.toThrow(/trained on 16-d features/);
    const bin = join(dir, 'model.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    await expect(loadModel(dir)).rejects.toThrow(ArtifactError);
    m.dispose();
    back.dispose();
  });

  it('inference leaks no tensors', async () => {
    const m = await createModel(small(), 9);
    const x = randn(new Rng(10), 5 * 16);
    await m.tube.scoreBag(x, 5);
    const n0 = m.tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await m.temporal.scoreBag(x, 5);
    expect(m.tf.memory().numTensors).toBe(n0);
    m.dispose();
    expect(m.tf.memory().numTensors).toBeLessThan(n0);
  });

  it('rejects bad configs with the allowed values', () => {
    expect(() => normalizeModelConfig({ featureDim: 10, heads: 8 })).toThrow(/does not divide/);
    expect(() => normalizeModelConfig({ relation: 'rnn' })).toThrow(/'attention' \| 'gcn' \| 'none'/);
    expect(() => normalizeModelConfig({ dropout: 1 })).toThrow(ConfigError);
    expect(() => normalizeModelConfig({ hiden: [1, 2] })).toThrow(/unknown field 'hiden'/);
  });

  it('combines branch scores by eq. 9 or the single trained branch', () => {
    const pt = Float32Array.from([0.2, 0.8]),
      pv = Float32Array.from([0.6, 0.4]);
    expect(Array.from(combineBranchScores({ branches: 'dual' }, pt, pv))).toEqual([Math.fround(0.4), Math.fround(0.6)]);
    expect(Array.from(combineBranchScores({ branches: 'temporal' }, pt, pv))).toEqual(Array.from(pv));
  });
});
