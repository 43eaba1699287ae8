import { ConfigError } from '@wsstad/core';
import { normalizeInferConfig } from '../config';
import { createFakeModel, makeFixtureVideo } from '../testing/fixtures';
import { ABSENT_BRANCH, scoreVideo } from './score';

const TOL = 1e-6;
const input = (v: ReturnType<typeof makeFixtureVideo>) => ({ tubes: v.tubes, videolets: v.videolets, features: v.features, frameCount: v.info.frameCount });

describe('scoreVideo (eq. 9)', () => {
  const cfg = normalizeInferConfig({});

  it('ranks the sub-tube of the involved object during the event first, with the average of both branches', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), input(v), cfg);
    expect(r.candidates).toHaveLength(3 * 4);
    const top = r.candidates[0]!;
    expect(top.tubeId).toBe(0);
    expect([1, 2]).toContain(top.part); // parts 1 and 2 of [24, 88) are [40, 56) and [56, 72): the event
    expect(Math.abs(top.score - (top.tubeScore + top.temporalScore) / 2)).toBeLessThan(TOL);
    expect(r.videoScore).toBe(top.score);
    for (let i = 1; i < r.candidates.length; i++) expect(r.candidates[i - 1]!.score).toBeGreaterThanOrEqual(r.candidates[i]!.score);
  });

  it('gives event frames higher per-frame scores than the rest (Appendix F)', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), input(v), cfg);
    expect(r.frameScores).toHaveLength(96);
    expect(r.segments).toHaveLength(8);
    expect(r.frameScores[50]!).toBeGreaterThan(r.frameScores[5]! + 0.3);
  });

  it('uses N equal segments when asked', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), input(v), normalizeInferConfig({ segments: 6 }));
    expect(r.segments.map((s) => [s.start, s.end])).toEqual([[0, 16], [16, 32], [32, 48], [48, 64], [64, 80], [80, 96]]);
  });

  it('scores single-branch models with that branch only', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const t = await scoreVideo(createFakeModel({ branches: ['tube'] }), input(v), cfg);
    expect(t.branches).toEqual({ tube: true, temporal: false });
    expect(t.candidates[0]!.temporalScore).toBe(ABSENT_BRANCH);
    expect(t.candidates[0]!.score).toBe(t.candidates[0]!.tubeScore);
    const p = await scoreVideo(createFakeModel({ branches: ['temporal'] }), input(v), cfg);
    expect(p.candidates[0]!.tubeScore).toBe(ABSENT_BRANCH);
    expect(p.candidates[0]!.score).toBe(p.candidates[0]!.temporalScore);
  });

  it('scores a video without tubes from the temporal branch over its segments', async () => {
    const v = makeFixtureVideo('n', true, 1, { tubes: false });
    const r = await scoreVideo(createFakeModel(), input(v), cfg);
    expect(r.candidates).toEqual([]);
    expect(r.videoScore).toBeGreaterThan(0.5); // temporal branch sees the event in the whole frame
  });

  it('keeps only the maxTubes highest-scoring tubes', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), input(v), normalizeInferConfig({ maxTubes: 1, subTubes: 2 }));
    const best = [...v.tubes].sort((a, b) => b.score - a.score)[0]!;
    expect(new Set(r.candidates.map((c) => c.tubeId))).toEqual(new Set([best.id]));
    expect(r.candidates).toHaveLength(2);
  });

  it('refuses features of another dimension than the model', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const m = { ...createFakeModel(), featureDim: 8 };
    await expect(scoreVideo(m, input(v), cfg)).rejects.toThrow(ConfigError);
  });
});

describe('normalizeInferConfig', () => {
  it('fills defaults and rejects bad values with the allowed range', () => {
    expect(normalizeInferConfig(undefined)).toEqual({ subTubes: 4, maxTubes: 200, segments: 'videolets', l2: 'after' });
    expect(() => normalizeInferConfig({ subTubes: 0 })).toThrow(/subTubes must be an integer in \[1, 1000\]/);
    expect(() => normalizeInferConfig({ M: 3 })).toThrow(/unknown infer config key 'M'/);
    expect(() => normalizeInferConfig({ l2: 'x' })).toThrow(/one of none, before, after, both/);
  });
});
