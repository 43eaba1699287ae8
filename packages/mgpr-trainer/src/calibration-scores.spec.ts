import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wsstad/core';
import { buildVideoBags } from './bags';
import { calibrateOnValidation } from './calibration-scores';
import { calibrateThreshold } from './calibration';
import { normalizeTrainConfig } from './config';
import { trainMgpr } from './train';
import { writeToyDataset } from './toy';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mgpr-calscores-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('calibrateOnValidation', () => {
  it('fits the video threshold on in-bag scores and calibration.candidate on single-candidate scores', async () => {
    const toy = writeToyDataset(join(dir, 'toy'), { videos: 24, dim: 8, seed: 9 });
    const cfg = normalizeTrainConfig({
      iterations: 3,
      validateEvery: 3,
      batchAbnormal: 4,
      batchNormal: 4,
      validationFraction: 0.5,
      falseAlarmRate: 0.25,
      model: { hidden: [8, 4], heads: 2 },
    });
    const opts = { maxTubes: cfg.maxTubes, multivariate: true, poolL2: cfg.poolL2, subTubes: cfg.subTubes };
    const bags = toy.videos.map((v) => buildVideoBags(v.id, v.label, toy.paths[v.id]!, opts));
    const res = await trainMgpr(bags, cfg, { seed: 2 });
    const inputs = toy.videos.map((video) => ({
      video,
      inputs: toy.paths[video.id] as unknown as Record<string, string>,
    }));
    const cal = calibrateOnValidation(res, inputs, cfg, silentLogger)!;
    // Independently: each normal validation video's best candidate scored alone (a bag of one per branch), eq. 9
    // average.
    const m = res.model;
    const val = new Set(res.validationIds);
    const alone: number[] = [];
    for (const b of bags.filter((x) => val.has(x.id) && x.label === 'normal')) {
      const r = m.normalize(b.tube.region, b.tube.n, 'region');
      const im = m.normalize(b.tube.image, b.tube.n, 'frame');
      let best = -Infinity;
      for (let i = 0; i < b.tube.n; i++) {
        const t = (await m.tube.scoreBag(r.subarray(i * 8, (i + 1) * 8), 1))[0]!;
        const v = (await m.temporal.scoreBag(im.subarray(i * 8, (i + 1) * 8), 1))[0]!;
        best = Math.max(best, (t + v) / 2);
      }
      alone.push(best);
    }
    const expected = calibrateThreshold(alone, cfg.falseAlarmRate);
    expect(cal.candidate!.threshold).toBeCloseTo(expected.threshold, 5);
    expect(cal.candidate!.normalScores).toHaveLength(alone.length);
    // The attention context changes in-bag scores, so the two operating points differ.
    expect(Math.abs(cal.candidate!.threshold - cal.threshold)).toBeGreaterThan(1e-6);
    m.dispose();
  });
});
