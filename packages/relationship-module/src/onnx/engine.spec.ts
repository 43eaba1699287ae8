import type * as TF from '@tensorflow/tfjs';
import { ConfigError, Rng } from '@wsstad/core';
import {
  createModel,
  createOrtBranchEngine,
  dropoutMasks,
  normalizeModelConfig,
  type HostBatch,
  type ModelConfig,
  type OrtBranchEngine,
  type Tf,
  type TrainableBranch,
} from '../index';

/** float32 forward passes: both engines agree to what single precision gives over a few hundred ops. */
const FORWARD_TOL = 1e-5;
/** Gradients: max |ort - tfjs| relative to the gradient's largest entry (float32 sums in different orders). */
const GRAD_REL_TOL = 1e-4;
/** Central differences of a float32 loss with step FD_EPS along a random direction: truncation O(eps^2) relative ... */
const FD_EPS = 1e-3;
const FD_REL_TOL = 1e-2;
/** ... plus the loss's float32 rounding (~1e-7) divided by 2 eps. */
const FD_ABS_TOL = 2e-4;

const D = 16,
  B = 2,
  N = 5;
const LENGTHS = [3, 5]; // bag 0 is padded: padding is always present
const small = (over: Partial<ModelConfig> = {}): ModelConfig =>
  normalizeModelConfig({ featureDim: D, heads: 4, hidden: [8, 4], dropout: 0, ...over });

function fixture(seed: number): { batch: HostBatch; dS: Float32Array } {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: B * N * D }, () => rng.normal());
  const mask = new Float32Array(B * N);
  LENGTHS.forEach((len, b) => mask.fill(1, b * N, b * N + len));
  // Padded rows hold large garbage: they must neither be attended nor change real rows.
  for (let i = 0; i < B * N; i++) if (!mask[i]) x.fill(1e3, i * D, (i + 1) * D);
  // As in training, the loss gradient is zero on padded entries.
  const dS = Float32Array.from({ length: B * N }, (_, i) => mask[i]! * rng.normal());
  return { batch: { x, mask, b: B, n: N }, dS };
}

const weightsOf = (br: TrainableBranch) => br.variables.map((v) => v.dataSync() as Float32Array);
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function tfjsForward(tf: Tf, br: TrainableBranch, batch: HostBatch): TF.Tensor2D {
  return br.forward(
    { x: tf.tensor2d(batch.x, [B * N, D]), mask: tf.tensor2d(batch.mask, [B, N]), b: B, n: N },
    { training: false },
  );
}

describe('onnxruntime branch engine', () => {
  const engines: OrtBranchEngine[] = [];
  const engineFor = async (cfg: ModelConfig) => {
    const e = await createOrtBranchEngine(cfg, { device: 'cpu' });
    engines.push(e);
    return e;
  };
  afterAll(() => engines.forEach((e) => e.dispose()));

  const cases: Array<[string, Partial<ModelConfig>]> = [
    ['attention', {}],
    ['none', { relation: 'none' }],
    ['attention, relu hidden2', { hidden2Activation: 'relu' }],
    ['attention, linear scorer', { scorer: 'linear' }],
    ['attention centred on the bag mean', { attentionCentering: 'bag-mean' }],
    ['attention centred, linear scorer', { attentionCentering: 'bag-mean', scorer: 'linear' }],
    ['attention centred, relu hidden2', { attentionCentering: 'bag-mean', hidden2Activation: 'relu' }],
    ['none, linear scorer', { relation: 'none', scorer: 'linear' }],
  ];

  it.each(cases)('forward equals the tfjs branch on padded, masked bags (%s)', async (_, over) => {
    const cfg = small(over);
    const m = await createModel(cfg, 1);
    const br = m.branches.tube;
    const { batch } = fixture(2);
    const ort = (await engineFor(cfg)).score(weightsOf(br), batch);
    const ref = tfjsForward(m.tf, br, batch);
    const want = ref.dataSync();
    for (let i = 0; i < B * N; i++) if (batch.mask[i]) expect(Math.abs(ort[i]! - want[i]!)).toBeLessThan(FORWARD_TOL);
    // A bag scored alone (no padding) gives the same scores as inside the padded batch.
    const alone = (await engineFor(cfg)).score(weightsOf(br), {
      x: batch.x.subarray(0, 3 * D),
      mask: new Float32Array(3).fill(1),
      b: 1,
      n: 3,
    });
    for (let i = 0; i < 3; i++) expect(Math.abs(alone[i]! - ort[i]!)).toBeLessThan(FORWARD_TOL);
    ref.dispose();
    m.dispose();
  });

  it.each(cases)('gradients equal tfjs variableGrads with padding present, dropout 0 (%s)', async (_, over) => {
    const cfg = small(over);
    const m = await createModel(cfg, 3);
    const { tf } = m;
    const br = m.branches.tube;
    const { batch, dS } = fixture(4);
    const engine = await engineFor(cfg);
    const masks = dropoutMasks(cfg, B, N, new Rng(5));
    const { scores, cache } = engine.forwardTrain(weightsOf(br), batch, masks);
    const got = engine.backward(weightsOf(br), batch, masks, cache, dS);
    expect(got.length).toBe(br.variables.length);
    const { value, grads } = tf.variableGrads(
      () =>
        tf.sum(
          tf.mul(
            br.forward(
              { x: tf.tensor2d(batch.x, [B * N, D]), mask: tf.tensor2d(batch.mask, [B, N]), b: B, n: N },
              { training: true, dropoutSeed: 0 },
            ),
            tf.tensor2d(dS, [B, N]),
          ),
        ) as TF.Scalar,
      br.variables as TF.Variable[],
    );
    br.variables.forEach((v, i) => {
      const want = grads[v.name]!.dataSync();
      const scale = Math.max(maxAbs(want), 1e-6);
      expect(maxAbs(want)).toBeGreaterThan(0); // every weight gets a gradient: the comparison is not vacuous
      for (let j = 0; j < want.length; j++) expect(Math.abs(got[i]![j]! - want[j]!) / scale).toBeLessThan(GRAD_REL_TOL);
    });
    expect(scores.length).toBe(B * N);
    tf.dispose([value, ...Object.values(grads)]);
    m.dispose();
  });

  // The centred case keeps fc2 linear: with these weights a relu kink of fc2 lies within FD_EPS of the point, where
  // central differences are not a derivative (fc2/kernel off by 7%; the tfjs autodiff comparison above, with relu,
  // agrees).
  it.each([
    ['none', 'relu'],
    ['bag-mean', 'linear'],
  ] as const)(
    'gradients match central finite differences, with dropout masks and padding (centring %s)',
    async (c, a) => {
      const cfg = small({ dropout: 0.5, hidden2Activation: a, attentionCentering: c });
      const m = await createModel(cfg, 6);
      const w = weightsOf(m.branches.tube).map((a) => Float64Array.from(a));
      const { batch, dS } = fixture(7);
      const engine = await engineFor(cfg);
      const masks = dropoutMasks(cfg, B, N, new Rng(8));
      const toF32 = (ws: Float64Array[]) => ws.map((a) => Float32Array.from(a));
      const loss = (ws: Float64Array[]) => {
        const s = engine.forwardTrain(toF32(ws), batch, masks).scores;
        return s.reduce((acc, v, i) => acc + v * dS[i]!, 0);
      };
      const { cache } = engine.forwardTrain(toF32(w), batch, masks);
      const grads = engine.backward(toF32(w), batch, masks, cache, dS);
      const rng = new Rng(9);
      w.forEach((p, i) => {
        // Directional derivative along a random direction per parameter: every entry takes part.
        const u = Float64Array.from(p, () => rng.normal());
        const shifted = (sign: number) => w.map((q, k) => (k === i ? q.map((v, j) => v + sign * FD_EPS * u[j]!) : q));
        const fd = (loss(shifted(1)) - loss(shifted(-1))) / (2 * FD_EPS);
        const an = grads[i]!.reduce((acc, g, j) => acc + g * u[j]!, 0);
        expect(Math.abs(fd - an)).toBeLessThan(FD_REL_TOL * Math.abs(an) + FD_ABS_TOL);
      });
      m.dispose();
    },
  );

  it('draws dropout keep-masks scaled by 1/(1-p), deterministically from the seed', () => {
    const cfg = small({ dropout: 0.6, hidden: [64, 32] });
    const a = dropoutMasks(cfg, 4, 10, new Rng(1));
    const b = dropoutMasks(cfg, 4, 10, new Rng(1));
    expect(Array.from(a.drop1)).toEqual(Array.from(b.drop1));
    expect(new Set(a.drop1)).toEqual(new Set([0, Math.fround(1 / 0.4)]));
    const kept = a.drop1.filter((v) => v > 0).length / a.drop1.length;
    expect(Math.abs(kept - 0.4)).toBeLessThan(0.05); // 2560 Bernoulli(0.4) draws: std 0.01
    expect(a.drop2.length).toBe(4 * 10 * 32);
    expect(Array.from(dropoutMasks(small(), 1, 2, new Rng(1)).drop1)).toEqual(new Array(16).fill(1));
  });

  it('rejects the gcn relation with a ConfigError naming the allowed engine', async () => {
    await expect(createOrtBranchEngine(small({ relation: 'gcn' }))).rejects.toThrow(ConfigError);
    await expect(createOrtBranchEngine(small({ relation: 'gcn' }))).rejects.toThrow(
      /allowed engines for 'gcn': 'tfjs'/,
    );
  });

  it('refuses calls after dispose()', async () => {
    const cfg = small();
    const e = await createOrtBranchEngine(cfg, { device: 'cpu' });
    const m = await createModel(cfg, 1);
    const { batch } = fixture(1);
    expect(e.score(weightsOf(m.branches.tube), batch).length).toBe(B * N);
    e.dispose();
    expect(() => e.score(weightsOf(m.branches.tube), batch)).toThrow(/after dispose/);
    m.dispose();
  });
});
