import type { Box, Tube } from '@wsstad/core';
import { normalizeEvalConfig } from '../config';
import { baselineCandidates, evaluateAll } from './evaluate';
import type { EvalVideo } from './types';
import type { ScoredCandidate } from '../types';

const A: Box = [0, 0, 10, 10];
const FAR_BOX: Box = [50, 50, 60, 60];

function tube(id: number, from: number, to: number, box: Box): Tube {
  const frames = Array.from({ length: to - from }, (_, i) => from + i);
  return { id, kind: 'unary', category: 'p', frames, boxes: frames.map(() => box), scores: frames.map(() => 1), score: 1 };
}
const cand = (t: Tube, score: number, pt = score, pv = score): ScoredCandidate => ({ tubeId: t.id, part: 0, frames: t.frames, boxes: t.boxes, score, tubeScore: pt, temporalScore: pv });

/** Two abnormal videos (GT = box A over frames 10..19) and two normal ones, hand-checkable. */
function videos(): EvalVideo[] {
  const good = tube(0, 10, 20, A);
  const bad = tube(1, 0, 10, FAR_BOX);
  const gt = { videoId: 'x', label: 'abnormal' as const, event: { type: 't', startFrame: 10, endFrame: 20, frames: good.frames, boxes: good.boxes } };
  const fs = (hi: boolean) => Float32Array.from({ length: 30 }, (_, f) => (hi && f >= 10 && f < 20 ? 0.9 : 0.1));
  const br = { tube: true, temporal: true };
  return [
    // abnormal 1: top-1 is the right tube (Sloc 1); the tube branch alone prefers the wrong one
    { id: 'a1', abnormal: true, scores: { candidates: [cand(good, 0.9, 0.5, 0.99), cand(bad, 0.7, 0.9, 0.5)], videoScore: 0.9, branches: br, frameCount: 30 }, tubes: [good, bad], gt, frameScores: fs(true) },
    // abnormal 2: top-1 is the wrong tube (Sloc 0)
    { id: 'a2', abnormal: true, scores: { candidates: [cand(bad, 0.8), cand(good, 0.3)], videoScore: 0.8, branches: br, frameCount: 30 }, tubes: [good, bad], gt, frameScores: fs(true) },
    { id: 'n1', abnormal: false, scores: { candidates: [cand(bad, 0.1)], videoScore: 0.1, branches: br, frameCount: 30 }, tubes: [bad], gt: { videoId: 'n1', label: 'normal', event: null }, frameScores: fs(false) },
    { id: 'n2', abnormal: false, scores: { candidates: [cand(bad, 0.85)], videoScore: 0.85, branches: br, frameCount: 30 }, tubes: [bad], gt: null, frameScores: fs(false) },
  ];
}

describe('evaluateAll', () => {
  const cfg = normalizeEvalConfig({ eps: [0.1, 0.5], subTubes: 2, randomSeeds: 20 });
  const r = evaluateAll(videos(), cfg);
  const row = (m: string) => r.rows.find((x) => x.method.startsWith(m))!;

  it('computes the method row by hand', () => {
    const m = r.rows[0]!;
    // abnormal {0.9, 0.8} vs normal {0.1, 0.85}: pairs 0.9>0.1, 0.9>0.85, 0.8>0.1, 0.8<0.85 -> 3/4
    expect(m.vauc).toBeCloseTo(0.75, 12);
    expect(m.miou).toBeCloseTo(0.5, 12);
    expect(m.iouAt).toEqual({ '0.1': 0.5, '0.5': 0.5 });
    expect(m.far).toBeCloseTo(0.5, 12); // n2 (0.85) > 0.2
    expect(m.frameAuc).toBe(1);
    expect(r.counts).toMatchObject({ videos: 4, abnormal: 2, normal: 2, localised: 2 });
  });

  it('reads out the single-branch variants from the stored branch scores', () => {
    expect(row('Ours: tube branch only').miou).toBeCloseTo(0, 12); // a1 picks the wrong tube by p_t, a2 by p_t too (0.8 vs 0.3)
    expect(row('Ours: temporal branch only').miou).toBeCloseTo(0.5, 12);
  });

  it('gives Upper Bound the best candidate (Sloc 1 on both) and VAUC 100 by definition', () => {
    const ub = row('Upper Bound');
    expect(ub.miou).toBeCloseTo(1, 12);
    expect(ub.vauc).toBe(1);
    expect(ub.far).toBeNull();
  });

  it('averages Random over seeds into values between the extremes', () => {
    const rnd = row('Random');
    expect(rnd.miou!).toBeGreaterThan(0.05);
    expect(rnd.miou!).toBeLessThan(0.95);
    expect(rnd.note).toMatch(/20 seeds/);
    expect(evaluateAll(videos(), cfg).rows.find((x) => x.method === 'Random')).toEqual(rnd); // deterministic
  });
});

describe('baselineCandidates', () => {
  it('lists whole tubes, sub-tubes or both', () => {
    const t = [tube(0, 0, 8, A)];
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'both' })).toHaveLength(5);
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'tubes' })).toHaveLength(1);
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'sub-tubes' })).toHaveLength(4);
    expect(baselineCandidates(t, { subTubes: 1, baselineCandidates: 'sub-tubes' })).toHaveLength(1);
  });
});
