import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidateParts, clipIndex, readClipFeatures, readTubes } from '@wsstad/core';
import { buildVideoBags } from './bags';
import { modelCandidates } from './candidates';
import { normalizeTrainConfig } from './config';
import { scaleGuidance } from './step';
import { trainMgpr } from './train';
import { writeToyDataset } from './toy';

let dir: string;
let toy: ReturnType<typeof writeToyDataset>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mgpr-cand-'));
  toy = writeToyDataset(join(dir, 'toy'), { videos: 12, dim: 8, seed: 5 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training bags hold the candidates inference scores', () => {
  it('maxTubes caps tubes (highest score first), each giving subTubes instances', () => {
    for (const v of toy.videos) {
      const p = toy.paths[v.id]!;
      const { tubes } = readTubes(p.tubes);
      const parts = candidateParts(tubes, clipIndex(readClipFeatures(p['clip-features'])), {
        subTubes: 2,
        maxTubes: 3,
      }).parts;
      const bags = buildVideoBags(v.id, v.label, p, { maxTubes: 3, multivariate: true, poolL2: 'after', subTubes: 2 });
      const expected = Math.min(3, tubes.length) * 2;
      expect(parts).toHaveLength(expected);
      expect(bags.tube.n).toBe(Math.max(1, expected)); // a video without tubes gets the whole-frame fallback
      const best = [...tubes]
        .sort((a, b) => b.score - a.score || a.id - b.id)
        .slice(0, 3)
        .map((t) => t.id);
      expect([...new Set(parts.map((q) => q.tubeId))]).toEqual(best);
    }
  });

  it('without multivariate tubes only unary tubes are candidates', () => {
    for (const v of toy.videos) {
      const p = toy.paths[v.id]!;
      const { tubes } = readTubes(p.tubes);
      const parts = candidateParts(tubes, clipIndex(readClipFeatures(p['clip-features'])), {
        subTubes: 1,
        maxTubes: 0,
        multivariate: false,
      }).parts;
      expect(parts.map((q) => q.tubeId)).toEqual(
        tubes
          .filter((t) => t.kind === 'unary')
          .sort((a, b) => b.score - a.score || a.id - b.id)
          .map((t) => t.id),
      );
    }
  });

  it('model.json records the candidate shape of training; calibration defaults to it', () => {
    const cfg = normalizeTrainConfig({ subTubes: 2, maxTubes: 32, variant: 'no-mvt', poolL2: 'before' });
    expect(modelCandidates(cfg)).toEqual({ subTubes: 2, maxTubes: 32, multivariate: false, pooling: 'before' });
    expect(cfg.calibrationSubTubes).toBeNull();
    expect(cfg.calibrationMaxTubes).toBeNull();
    expect(normalizeTrainConfig({ calibrationSubTubes: 4 }).calibrationSubTubes).toBe(4);
  });
});

describe('per-input standardiser', () => {
  it("'standardize-per-input' fits region and whole-frame statistics separately and saves both", async () => {
    const cfg = normalizeTrainConfig({
      normalizer: 'standardize-per-input',
      iterations: 1,
      validateEvery: 1,
      batchAbnormal: 2,
      batchNormal: 2,
      model: { hidden: [8, 4], heads: 2 },
    });
    const bags = toy.videos.map((v) =>
      buildVideoBags(v.id, v.label, toy.paths[v.id]!, {
        maxTubes: 8,
        multivariate: true,
        poolL2: 'after',
        subTubes: 1,
      }),
    );
    const res = await trainMgpr(bags, cfg, { seed: 1 });
    const n = res.model.getNormalizer();
    expect(n.kind).toBe('standardize');
    expect(n.frame).toBeDefined();
    expect(Array.from(n.frame!.mean)).not.toEqual(Array.from(n.mean!));
    const x = bags[0]!.tube.image;
    expect(Array.from(res.model.normalize(x, bags[0]!.tube.n, 'frame'))).not.toEqual(
      Array.from(res.model.normalize(x, bags[0]!.tube.n, 'region')),
    );
    res.model.dispose();
  });
});

describe('guidance weights of L_MG-Rank', () => {
  it("'raw' keeps the counterpart's probabilities; unguided bags weigh 1", () => {
    expect(scaleGuidance([0.02, undefined, 0.01], 'raw')).toEqual([0.02, 1, 0.01]);
  });
  it("'batch-mean' rescales guided bags to mean 1, keeping their ratios", () => {
    const w = scaleGuidance([0.02, undefined, 0.01], 'batch-mean');
    expect(w[0]).toBeCloseTo(4 / 3, 12);
    expect(w[1]).toBe(1);
    expect(w[2]).toBeCloseTo(2 / 3, 12);
    expect(scaleGuidance([0, 0], 'batch-mean')).toEqual([0, 0]);
  });
  it('rejects unknown modes', () => {
    expect(() => normalizeTrainConfig({ guidanceWeights: 'mean' })).toThrow(/guidanceWeights.*'raw' \| 'batch-mean'/);
  });
});
