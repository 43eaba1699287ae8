import { ConfigError } from '@wsstad/core';
import { normalizeInferConfig } from '../config';
import { FIXTURE_DIM, createFakeModel, makeFixtureVideo } from '../testing/fixtures';
import type { ScoringModel } from '../types';
import { ABSENT_BRANCH, candidateEq9, candidateFrameScores, candidateShape, scoreVideo } from './score';
import { anomalousRanges } from './ranges';

const TOL = 1e-6;
const input = (v: ReturnType<typeof makeFixtureVideo>) => ({
  tubes: v.tubes,
  videolets: v.videolets,
  features: v.features,
  frameCount: v.info.frameCount,
});

describe('scoreVideo (eq. 9)', () => {
  const cfg = normalizeInferConfig({ localisationWeight: null }); // eq. 9's average in the candidates' scores;

  it('ranks the sub-tube of the involved object in the event first, with the average of both branches', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), input(v), cfg);
    expect(r.candidates).toHaveLength(3 * 4);
    const top = r.candidates[0]!;
    expect(top.tubeId).toBe(0);
    expect([1, 2]).toContain(top.part); // parts 1 and 2 of [24, 88) are [40, 56) and [56, 72): the event
    expect(Math.abs(top.score - (top.tubeScore + top.temporalScore) / 2)).toBeLessThan(TOL);
    expect(r.videoScore).toBe(top.score);
    for (let i = 1; i < r.candidates.length; i++)
      expect(r.candidates[i - 1]!.score).toBeGreaterThanOrEqual(r.candidates[i]!.score);
  });

  it('by default scores each frame by the best candidate covering it, and writes the ranges above 0.2', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), { ...input(v), fps: 8 }, cfg);
    expect(r.segments).toEqual([]);
    expect(Array.from(r.frameScores)).toEqual(Array.from(candidateFrameScores(r.candidates, 96)));
    expect(Math.max(...r.frameScores)).toBeCloseTo(r.videoScore, 6); // float32 storage
    expect(r.frameScores[50]!).toBeGreaterThan(r.frameScores[5]! + 0.3);
    expect(r.ranges).toEqual(anomalousRanges(r.frameScores, { threshold: 0.2, fps: 8 }));
    expect(r.ranges.length).toBeGreaterThan(0);
    const top = r.candidates[0]!;
    const inTop = r.ranges.find(
      (g) => g.startFrame <= top.frames[0]! && g.endFrame > top.frames[top.frames.length - 1]!,
    );
    expect(inTop).toBeDefined();
  });

  it("gives event frames higher per-frame scores than the rest with frameScores: 'segments' (Appendix F)", async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(createFakeModel(), input(v), normalizeInferConfig({ frameScores: 'segments' }));
    expect(r.frameScores).toHaveLength(96);
    expect(r.segments).toHaveLength(8);
    expect(r.frameScores[50]!).toBeGreaterThan(r.frameScores[5]! + 0.3);
  });

  it('uses N equal segments when asked', async () => {
    const v = makeFixtureVideo('a', true, 1);
    const r = await scoreVideo(
      createFakeModel(),
      input(v),
      normalizeInferConfig({ segments: 6, frameScores: 'segments' }),
    );
    expect(r.segments.map((s) => [s.start, s.end])).toEqual([
      [0, 16],
      [16, 32],
      [32, 48],
      [48, 64],
      [64, 80],
      [80, 96],
    ]);
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
    expect(r.segments).toHaveLength(8); // the segment-based frame scores are the fallback
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
    expect(normalizeInferConfig(undefined)).toEqual({
      subTubes: null,
      maxTubes: null,
      segments: 'videolets',
      l2: null,
      frameScores: 'candidates',
      rangeThreshold: 0.2,
      tubeWeight: 0.5,
      localisationWeight: 1,
      bag: 'split',
    });
    expect(normalizeInferConfig({ subTubes: 2, maxTubes: 32, l2: 'none' })).toMatchObject({
      subTubes: 2,
      maxTubes: 32,
      l2: 'none',
    });
    expect(() => normalizeInferConfig({ tubeWeight: 1.5 })).toThrow(
      /infer param tubeWeight=1.5 is invalid; allowed: a number in \[0, 1\]/,
    );
    expect(() => normalizeInferConfig({ frameScores: 'tubes' })).toThrow(
      /frameScores="tubes" is invalid; allowed: "candidates", "segments"/,
    );
    expect(() => normalizeInferConfig({ rangeThreshold: 2 })).toThrow(
      /rangeThreshold=2 is invalid; allowed: a number in \[0, 1\]/,
    );
    expect(() => normalizeInferConfig({ subTubes: 0 })).toThrow(
      /subTubes=0 is invalid; allowed: null \(as the model was trained\) or an integer in \[1, 1000\]/,
    );
    expect(() => normalizeInferConfig({ M: 3 })).toThrow(/unknown infer param 'M'; valid: bag, /);
    expect(() => normalizeInferConfig({ l2: 'x' })).toThrow(/one of "none", "before", "after", "both"/);
  });
});

describe('candidateShape', () => {
  const trained = { subTubes: 2, maxTubes: 32, multivariate: false, pooling: 'before' as const };
  const unset = { subTubes: null, maxTubes: null, l2: null };
  it('scores the candidates the model was trained on unless the params say otherwise', () => {
    expect(candidateShape({ candidates: trained }, unset)).toEqual(trained);
    expect(candidateShape({ candidates: trained }, { subTubes: 4, maxTubes: 0, l2: 'after' })).toEqual({
      ...trained,
      subTubes: 4,
      maxTubes: 0,
      pooling: 'after',
    });
  });
  it('gives models without model.json candidates the old defaults (M = 4 of 200 tubes, L2 after pooling)', () => {
    expect(candidateShape({}, unset)).toEqual({ subTubes: 4, maxTubes: 200, multivariate: true, pooling: 'after' });
  });
});

describe('candidateFrameScores on a hand-built video', () => {
  // 10 frames; candidate A covers frames 2..5 (span [2, 6), it skips frame 4), B covers 4..7, C covers 8..8.
  const cand = (from: number, to: number, score: number, skip: number[] = []) => ({
    frames: Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((f) => !skip.includes(f)),
    score,
  });
  it('takes the max eq. 9 score over the covering sub-tubes; uncovered frames get the video minimum', () => {
    const cands = [cand(2, 5, 0.9, [4]), cand(4, 7, 0.6), cand(8, 8, 0.3)];
    // frame:        0    1    2    3    4    5    6    7    8    9
    const want = [0.3, 0.3, 0.9, 0.9, 0.9, 0.9, 0.6, 0.6, 0.3, 0.3];
    expect(Array.from(candidateFrameScores(cands, 10)).map((x) => +x.toFixed(6))).toEqual(want);
    // order does not matter (max, not first writer)
    expect(Array.from(candidateFrameScores([...cands].reverse(), 10)).map((x) => +x.toFixed(6))).toEqual(want);
  });
  it('clips candidates to the video and gives zeros without candidates', () => {
    expect(Array.from(candidateFrameScores([cand(3, 12, 0.5), cand(0, 0, 0.25)], 5))).toEqual([
      0.25, 0.25, 0.25, 0.5, 0.5,
    ]);
    expect(Array.from(candidateFrameScores([], 3))).toEqual([0, 0, 0]);
  });
});

describe('anomalousRanges', () => {
  const s = [0.1, 0.5, 0.6, 0.1, 0.3, 0.2, 0.2, 0.9, 0.9, 0.1];
  it('merges consecutive frames above the threshold, with frames and seconds', () => {
    expect(anomalousRanges(s, { threshold: 0.2, fps: 10 })).toEqual([
      { startFrame: 1, endFrame: 3, startSeconds: 0.1, endSeconds: 0.3, peak: 0.6 },
      { startFrame: 4, endFrame: 5, startSeconds: 0.4, endSeconds: 0.5, peak: 0.3 },
      { startFrame: 7, endFrame: 9, startSeconds: 0.7, endSeconds: 0.9, peak: 0.9 },
    ]);
  });
  it('>= with strict: false, gap bridging, unknown fps', () => {
    expect(
      anomalousRanges(s, { threshold: 0.2, strict: false }).map((r) => [r.startFrame, r.endFrame, r.startSeconds]),
    ).toEqual([
      [1, 3, null],
      [4, 9, null],
    ]);
    expect(anomalousRanges(s, { threshold: 0.2, maxGap: 1 }).map((r) => [r.startFrame, r.endFrame])).toEqual([
      [1, 5],
      [7, 9],
    ]);
    expect(anomalousRanges(s, { threshold: 0.2, maxGap: 2 }).map((r) => [r.startFrame, r.endFrame])).toEqual([[1, 9]]);
    expect(anomalousRanges(s, { threshold: 0.95 })).toEqual([]);
    expect(() => anomalousRanges(s, { threshold: NaN })).toThrow(/finite/);
  });
});

describe('scoreVideo: localisationWeight', () => {
  it('ranks candidates by its own eq. 9 weight while the split video score keeps tubeWeight', async () => {
    const v = makeFixtureVideo('loc', true, 4);
    const input = { tubes: v.tubes, videolets: v.videolets, features: v.features, frameCount: v.info.frameCount };
    const base = await scoreVideo(createFakeModel(), input, normalizeInferConfig({ localisationWeight: null }));
    const loc = await scoreVideo(createFakeModel(), input, normalizeInferConfig({ localisationWeight: 1 }));
    for (const c of loc.candidates) expect(c.score).toBeCloseTo(c.tubeScore, 6);
    expect(loc.candidates.map((c) => c.score)).toEqual([...loc.candidates.map((c) => c.score)].sort((a, b) => b - a));
    expect(loc.videoScore).toBeCloseTo(base.videoScore, 6);
    expect(base.candidates.some((c) => Math.abs(c.score - c.tubeScore) > 1e-3)).toBe(true);
    // The frame curve is eq. 9 at tubeWeight either way.
    expect(Array.from(loc.frameScores)).toEqual(Array.from(base.frameScores));
  });
});

describe('scoreVideo: the bag a candidate is scored in', () => {
  // A scorer whose score depends on the bag: 0.01 per other instance in the bag on top of the instance's own.
  const own = (f: Float32Array, i: number, d: number) => 0.2 + 0.1 * Math.tanh(f[i * d]!);
  const contextual = (): ScoringModel => {
    const d = FIXTURE_DIM;
    const scorer = {
      scoreBag: async (f: Float32Array, n: number) =>
        Float32Array.from({ length: n }, (_, i) => own(f, i, d) + 0.01 * (n - 1)),
    };
    return { featureDim: d, tube: scorer, temporal: scorer, normalize: (f) => f, dispose: () => undefined };
  };
  const run = async (bag: string) => {
    const v = makeFixtureVideo('ctx', true, 3);
    return scoreVideo(
      contextual(),
      { tubes: v.tubes, videolets: v.videolets, features: v.features, frameCount: v.info.frameCount },
      normalizeInferConfig({ bag, localisationWeight: null }),
    );
  };
  it("'video' scores in the bag, 'instance' alone, 'mean' averages both, 'split': video score of the bag", async () => {
    const [video, alone, mean, split] = await Promise.all(['video', 'instance', 'mean', 'split'].map(run));
    const n = video.candidates.length;
    expect(n).toBeGreaterThan(1);
    const key = (c: { tubeId: number; part: number }) => `${c.tubeId}/${c.part}`;
    const by = (vs: typeof video) => new Map(vs.candidates.map((c) => [key(c), c.score]));
    const [bv, ba, bm, bs] = [by(video), by(alone), by(mean), by(split)];
    for (const [k, s] of bv) {
      expect(s - ba.get(k)!).toBeCloseTo(0.01 * (n - 1), 5);
      expect(bm.get(k)!).toBeCloseTo((s + ba.get(k)!) / 2, 6);
      expect(bs.get(k)!).toBeCloseTo(ba.get(k)!, 6);
    }
    expect(split.videoScore).toBeCloseTo(video.videoScore, 6);
    expect(alone.videoScore).toBeCloseTo(alone.candidates[0]!.score, 6);
    expect(Array.from(split.frameScores)).toEqual(Array.from(alone.frameScores));
  });
});

describe('candidateEq9', () => {
  it("is eq. 9 at the given weight, and the present branch's score when the other is absent", () => {
    expect(candidateEq9({ tubeScore: 0.8, temporalScore: 0.2 }, 0.5)).toBeCloseTo(0.5, 12);
    expect(candidateEq9({ tubeScore: 0.8, temporalScore: 0.2 }, 0.75)).toBeCloseTo(0.65, 12);
    expect(candidateEq9({ tubeScore: 0.8, temporalScore: ABSENT_BRANCH }, 0.5)).toBe(0.8);
    expect(candidateEq9({ tubeScore: ABSENT_BRANCH, temporalScore: 0.3 }, 0.5)).toBe(0.3);
  });
});
