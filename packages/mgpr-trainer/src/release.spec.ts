import { NumericError, Rng } from '@wsstad/core';
import type { OrtBranchEngine } from '@wsstad/relationship-module';
import { normalizeTrainConfig } from './config';
import { trainMgpr } from './train';
import type { VideoBags } from './types';

// Every onnxruntime engine a run creates, with how often its sessions were disposed.
const mockEngines: Array<{ engine: OrtBranchEngine; disposed: number }> = [];
jest.mock('@wsstad/relationship-module', () => {
  const actual = jest.requireActual('@wsstad/relationship-module');
  return {
    ...actual,
    createOrtBranchEngine: async (...args: unknown[]) => {
      const engine: OrtBranchEngine = await actual.createOrtBranchEngine(...args);
      const rec = { engine, disposed: 0 };
      const dispose = engine.dispose.bind(engine);
      engine.dispose = () => {
        rec.disposed++;
        dispose();
      };
      mockEngines.push(rec);
      return engine;
    },
  };
});

const DIM = 16;
/** 16 videos of 3 tubes and 4 videolets; `poison` fills every feature with NaN. */
function bags(poison: boolean): VideoBags[] {
  const rng = new Rng(5);
  const feats = (n: number) => Float32Array.from({ length: n * DIM }, () => (poison ? Number.NaN : rng.normal()));
  const pos = (n: number) => Float32Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  return Array.from({ length: 16 }, (_, i) => ({
    id: `v${i}`,
    label: i % 2 ? 'abnormal' : 'normal',
    dim: DIM,
    tube: { region: feats(3), image: feats(3), positions: pos(3), n: 3, fallback: false },
    temporal: { features: feats(4), positions: pos(4), n: 4 },
  }));
}
const cfg = normalizeTrainConfig({
  engine: 'onnxruntime',
  normalizer: 'none',
  iterations: 3,
  batchAbnormal: 4,
  batchNormal: 4,
  validateEvery: 1,
  model: { hidden: [8, 4], heads: 4 },
});

describe('trainMgpr releases the onnxruntime sessions in a finally', () => {
  beforeEach(() => {
    mockEngines.length = 0;
  });

  it('when an iteration throws (a NaN loss)', async () => {
    await expect(trainMgpr(bags(true), cfg, { seed: 1 })).rejects.toThrow(NumericError);
    expect(mockEngines.map((e) => e.disposed)).toEqual([1]);
  });

  it('when onIteration throws, and exactly once after a run that completes', async () => {
    const seen: Array<OrtBranchEngine | undefined> = [];
    const fail = () => {
      throw new Error('callback failed');
    };
    await expect(trainMgpr(bags(false), cfg, { seed: 1, onIteration: fail })).rejects.toThrow('callback failed');
    const ok = await trainMgpr(bags(false), cfg, { seed: 1, onIteration: (_, __, ___, engine) => seen.push(engine) });
    // The engine reached every iteration (the run computed on it), and each engine was released once.
    expect(seen.length).toBe(3);
    expect(seen.every((e) => e === mockEngines[1]!.engine)).toBe(true);
    expect(mockEngines.map((e) => e.disposed)).toEqual([1, 1]);
    ok.model.dispose();
  });
});
