import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@wsstad/core';
import {
  createModel,
  exportModelOnnx,
  fitInputStandardizers,
  fitStandardizer,
  loadModel,
  normalizeModelConfig,
  saveModel,
  EXPORT_IO,
  type ModelConfig,
} from '../index';

/** float32: the exported graph and the in-process scorer agree to single precision over a few hundred ops. */
const TOL = 1e-5;
const D = 16,
  N = 6;

async function roundTrip(over: Partial<ModelConfig>, seed: number, perInput = false) {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-export-'));
  try {
    const rng = new Rng(seed);
    const model = await createModel(
      normalizeModelConfig({ featureDim: D, heads: 4, hidden: [8, 4], dropout: 0, ...over }),
      seed,
    );
    // A fitted standardiser with non-trivial mean / scale, so the exported normaliser is exercised.
    const fit = Float32Array.from({ length: 40 * D }, () => 3 + 2 * rng.normal());
    const fitFrame = Float32Array.from({ length: 40 * D }, () => -1 + 0.5 * rng.normal());
    model.setNormalizer(
      perInput
        ? fitInputStandardizers([{ features: fit, n: 40 }], [{ features: fitFrame, n: 40 }], D)
        : fitStandardizer([{ features: fit, n: 40 }], D),
    );
    await saveModel(model, dir);
    model.dispose();
    const loaded = await loadModel(dir);
    const region = Float32Array.from({ length: N * D }, () => 3 + 2 * rng.normal());
    const image = Float32Array.from({ length: N * D }, () => 3 + 2 * rng.normal());
    const pt = await loaded.tube.scoreBag(loaded.normalize(region, N), N);
    const pv = await loaded.temporal.scoreBag(loaded.normalize(image, N, 'frame'), N);
    const branches = loaded.config.branches;
    loaded.dispose();
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(exportModelOnnx(dir));
    const t = (a: Float32Array, dims: number[]) => new ort.Tensor('float32', a, dims);
    const out = await session.run({
      [EXPORT_IO.region]: t(region, [1, N, D]),
      [EXPORT_IO.image]: t(image, [1, N, D]),
      [EXPORT_IO.mask]: t(new Float32Array(N).fill(1), [1, N]),
    });
    return {
      pt,
      pv,
      branches,
      out: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('exportModelOnnx (wsstad export-model --onnx)', () => {
  it('dual branch with attention: onnxruntime scores as the in-process scorer, per branch and eq. 9', async () => {
    const r = await roundTrip({ relation: 'attention', branches: 'dual' }, 1);
    expect(maxDiff(r.out[EXPORT_IO.tubeScores]!, r.pt)).toBeLessThan(TOL);
    expect(maxDiff(r.out[EXPORT_IO.temporalScores]!, r.pv)).toBeLessThan(TOL);
    expect(
      maxDiff(
        r.out[EXPORT_IO.scores]!,
        Array.from(r.pt, (s, i) => (s + r.pv[i]!) / 2),
      ),
    ).toBeLessThan(TOL);
    // Not a constant: the scores vary across instances.
    expect(Math.max(...r.pt) - Math.min(...r.pt)).toBeGreaterThan(1e-4);
  }, 60_000);

  it('a per-input normaliser (region and whole-frame statistics) survives save/load and export', async () => {
    const r = await roundTrip({ relation: 'attention', branches: 'dual' }, 4, true);
    expect(maxDiff(r.out[EXPORT_IO.tubeScores]!, r.pt)).toBeLessThan(TOL);
    expect(maxDiff(r.out[EXPORT_IO.temporalScores]!, r.pv)).toBeLessThan(TOL);
    // The whole-frame statistics differ from the region ones, so normalising the image input with
    // the region statistics would give other temporal scores: the test would catch the wrong pick.
    const joint = await roundTrip({ relation: 'attention', branches: 'dual' }, 4, false);
    expect(maxDiff(joint.pv, r.pv)).toBeGreaterThan(1e-3);
  }, 60_000);

  it('scorer-only relation and a tube-only model export too', async () => {
    const none = await roundTrip({ relation: 'none', branches: 'dual' }, 2);
    expect(
      maxDiff(
        none.out[EXPORT_IO.scores]!,
        Array.from(none.pt, (s, i) => (s + none.pv[i]!) / 2),
      ),
    ).toBeLessThan(TOL);
    const tube = await roundTrip({ relation: 'attention', branches: 'tube' }, 3);
    expect(tube.out[EXPORT_IO.temporalScores]).toBeUndefined();
    expect(maxDiff(tube.out[EXPORT_IO.scores]!, tube.pt)).toBeLessThan(TOL);
  }, 60_000);

  it('a linear-scorer model exports too (attention, dual branch)', async () => {
    const r = await roundTrip({ relation: 'attention', branches: 'dual', scorer: 'linear' }, 5);
    expect(maxDiff(r.out[EXPORT_IO.tubeScores]!, r.pt)).toBeLessThan(TOL);
    expect(maxDiff(r.out[EXPORT_IO.temporalScores]!, r.pv)).toBeLessThan(TOL);
    expect(Math.max(...r.pt) - Math.min(...r.pt)).toBeGreaterThan(1e-4);
  }, 60_000);

  it('a centred-attention model exports too: the saved config reaches the exported graph', async () => {
    const r = await roundTrip({ relation: 'attention', branches: 'dual', attentionCentering: 'bag-mean' }, 6);
    expect(maxDiff(r.out[EXPORT_IO.tubeScores]!, r.pt)).toBeLessThan(TOL);
    expect(maxDiff(r.out[EXPORT_IO.temporalScores]!, r.pv)).toBeLessThan(TOL);
    // The same weights without centring score otherwise: an export that dropped the setting would fail above.
    const plain = await roundTrip({ relation: 'attention', branches: 'dual' }, 6);
    expect(maxDiff(plain.pt, r.pt)).toBeGreaterThan(1e-4);
  }, 60_000);

  it('refuses the GCN relation with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsstad-export-'));
    try {
      const m = await createModel(
        normalizeModelConfig({ featureDim: D, heads: 4, hidden: [8, 4], relation: 'gcn' }),
        1,
      );
      await saveModel(m, dir);
      m.dispose();
      expect(() => exportModelOnnx(dir)).toThrow(/does not implement relation 'gcn'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
