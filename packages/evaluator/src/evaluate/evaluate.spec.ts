import type { Box, Tube } from '@wsstad/core';
import { normalizeEvalConfig } from '../config';
import { renderResultsTable } from '../report/table';
import { baselineCandidates, evaluateAll } from './evaluate';
import type { EvalVideo } from './types';
import type { ScoredCandidate } from '../types';

const A: Box = [0, 0, 10, 10];
const FAR_BOX: Box = [50, 50, 60, 60];

function tube(id: number, from: number, to: number, box: Box): Tube {
  const frames = Array.from({ length: to - from }, (_, i) => from + i);
  return {
    id,
    kind: 'unary',
    category: 'p',
    frames,
    boxes: frames.map(() => box),
    scores: frames.map(() => 1),
    score: 1,
  };
}
const cand = (t: Tube, score: number, pt = score, pv = score): ScoredCandidate => ({
  tubeId: t.id,
  part: 0,
  frames: t.frames,
  boxes: t.boxes,
  score,
  tubeScore: pt,
  temporalScore: pv,
});

/** Two abnormal videos (GT = box A over frames 10..19) and two normal ones, hand-checkable. */
function videos(): EvalVideo[] {
  const good = tube(0, 10, 20, A);
  const bad = tube(1, 0, 10, FAR_BOX);
  const gt = {
    videoId: 'x',
    label: 'abnormal' as const,
    event: { type: 't', startFrame: 10, endFrame: 20, frames: good.frames, boxes: good.boxes },
  };
  const fs = (hi: boolean) => Float32Array.from({ length: 30 }, (_, f) => (hi && f >= 10 && f < 20 ? 0.9 : 0.1));
  const br = { tube: true, temporal: true };
  return [
    // abnormal 1: top-1 is the right tube (Sloc 1); the tube branch alone prefers the wrong one
    {
      id: 'a1',
      abnormal: true,
      scores: {
        candidates: [cand(good, 0.9, 0.5, 0.99), cand(bad, 0.7, 0.9, 0.5)],
        videoScore: 0.9,
        branches: br,
        frameCount: 30,
      },
      tubes: [good, bad],
      gt,
      frameScores: fs(true),
    },
    // abnormal 2: top-1 is the wrong tube (Sloc 0)
    {
      id: 'a2',
      abnormal: true,
      scores: { candidates: [cand(bad, 0.8), cand(good, 0.3)], videoScore: 0.8, branches: br, frameCount: 30 },
      tubes: [good, bad],
      gt,
      frameScores: fs(true),
    },
    {
      id: 'n1',
      abnormal: false,
      scores: { candidates: [cand(bad, 0.1)], videoScore: 0.1, branches: br, frameCount: 30 },
      tubes: [bad],
      gt: { videoId: 'n1', label: 'normal', event: null },
      frameScores: fs(false),
    },
    {
      id: 'n2',
      abnormal: false,
      scores: { candidates: [cand(bad, 0.85)], videoScore: 0.85, branches: br, frameCount: 30 },
      tubes: [bad],
      gt: null,
      frameScores: fs(false),
    },
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
    // a1 picks the wrong tube by p_t, a2 by p_t too (0.8 vs 0.3)
    expect(row('Ours: tube branch only').miou).toBeCloseTo(0, 12);
    expect(row('Ours: temporal branch only').miou).toBeCloseTo(0.5, 12);
  });

  it("gives Upper Bound the best scored candidate (Sloc 1 on both); its VAUC is not a measurement ('—')", () => {
    const ub = row('Upper Bound');
    expect(ub.miou).toBeCloseTo(1, 12);
    expect(ub.vauc).toBeNull();
    expect(ub.far).toBeNull();
    expect(renderResultsTable(r.rows, { eps: cfg.eps }).markdown).toMatch(/\| Upper Bound \| — \|/);
  });

  it('Upper Bound reaches only what the method can pick: a tube inference did not score does not count', () => {
    // a2 keeps only its wrong candidate (as if the right tube were past maxTubes); its tubes still hold the right one
    const vs = videos();
    vs[1]!.scores = { ...vs[1]!.scores, candidates: vs[1]!.scores.candidates.slice(0, 1) };
    const ub = (c: typeof cfg) => evaluateAll(vs, c).rows.find((x) => x.method === 'Upper Bound')!.miou;
    expect(ub(cfg)).toBeCloseTo(0.5, 12);
    expect(ub({ ...cfg, baselineCandidates: 'both' })).toBeCloseTo(1, 12); // the old definition, from all tubes
  });

  it('averages Random over seeds into values between the extremes', () => {
    const rnd = row('Random');
    expect(rnd.miou!).toBeGreaterThan(0.05);
    expect(rnd.miou!).toBeLessThan(0.95);
    expect(rnd.note).toMatch(/20 seeds/);
    expect(evaluateAll(videos(), cfg).rows.find((x) => x.method === 'Random')).toEqual(rnd); // deterministic
  });
});

describe('evaluateAll intervals (bootstrap over the 4 test videos, stratified by label)', () => {
  const cfg = normalizeEvalConfig({ eps: [0.1, 0.5], subTubes: 2, randomSeeds: 5, bootstrap: 2000 });
  const r = evaluateAll(videos(), cfg, { seed: 1 });
  const row = (m: string) => r.rows.find((x) => x.method.startsWith(m))!;

  it('by hand: MIoU over Sloc {1, 0} and FAR over normals {0.1, 0.85} both resample to 0, 1/2, 1 -> [0, 1]', () => {
    const m = r.rows[0]!;
    expect(m.ci!.miou).toMatchObject({ estimate: 0.5, lo: 0, hi: 1 });
    expect(m.ci!.far).toMatchObject({ estimate: 0.5, lo: 0, hi: 1 });
    // VAUC: abnormal {0.9, 0.8} vs normal {0.1, 0.85}: drawing 0.8 twice and 0.85 twice (p = 1/4 * 1/4 = 6.25% > 2.5%)
    // gives 0; drawing 0.1 twice (25%) gives 1
    expect(m.ci!.vauc).toMatchObject({ estimate: 0.75, lo: 0, hi: 1 });
    expect(m.ci!.frameAuc!.estimate).toBe(1);
  });

  it('every row carries intervals that contain its value; the Upper Bound only for MIoU', () => {
    for (const x of r.rows) {
      for (const [k, i] of Object.entries(x.ci ?? {})) {
        if (!i) continue;
        expect(i.lo).toBeLessThanOrEqual(i.estimate);
        expect(i.hi).toBeGreaterThanOrEqual(i.estimate);
        if (x.method !== 'Random') expect(i.estimate).toBeCloseTo(x[k as 'vauc']!, 12);
      }
    }
    expect(Object.keys(row('Upper Bound').ci!)).toEqual(['miou']);
    expect(row('Random').ci!.miou!.estimate).toBeCloseTo(row('Random').miou!, 12); // mean over its seeds
  });

  it('pairs the method with every other row on the same videos, and lists per-type rows', () => {
    const st = r.statistics!;
    expect(st.level).toBe(0.95);
    const tube = st.paired.find((p) => p.b === 'Ours: tube branch only' && p.metric === 'miou')!;
    // method Sloc {1, 0} vs tube-only {0, 0}: differences per video {1, 0} -> 0.5 [0, 1], not resolved
    expect(tube).toMatchObject({ estimate: 0.5, lo: 0, hi: 1, sign: 0 });
    expect(st.paired.find((p) => p.b === 'Upper Bound' && p.metric === 'vauc')).toBeUndefined();
    expect(st.perType.map((t) => [t.type, t.kind, t.videos])).toEqual([
      ['t', 'anomaly', 2],
      ['normal', 'normal', 2],
    ]);
    expect(st.perType[0]!.vauc!.estimate).toBeCloseTo(0.75, 12);
    expect(st.perType[1]!.far!.estimate).toBeCloseTo(0.5, 12);
    expect(evaluateAll(videos(), cfg, { seed: 1 }).statistics).toEqual(st); // deterministic
  });

  it('bootstrap: 0 computes no intervals', () => {
    const r0 = evaluateAll(videos(), { ...cfg, bootstrap: 0 });
    expect(r0.statistics).toBeUndefined();
    expect(r0.rows[0]!.ci).toBeUndefined();
  });
});

describe('evaluateAll on temporal-only ground truth (UCF-Crime style: intervals, no boxes, no tubes)', () => {
  // A temporal-only model: no candidates, the video score is the temporal branch's max; frame scores per segment.
  const br = { tube: false, temporal: true };
  const gt = (id: string, intervals: Array<[number, number]>) => ({
    videoId: id,
    label: 'abnormal' as const,
    event: {
      type: 'Abuse',
      startFrame: intervals[0]![0],
      endFrame: intervals[intervals.length - 1]![1],
      frames: [],
      boxes: [],
      intervals,
    },
  });
  const fs = (hi: Array<[number, number]>) =>
    Float32Array.from({ length: 40 }, (_, f) => (hi.some(([s, e]) => f >= s && f < e) ? 0.8 : 0.2));
  const vids: EvalVideo[] = [
    // two intervals: frames 20..29 are normal between them; the scores follow the intervals exactly
    {
      id: 'a',
      abnormal: true,
      scores: { candidates: [], videoScore: 0.8, branches: br, frameCount: 40 },
      tubes: [],
      gt: gt('a', [
        [5, 20],
        [30, 35],
      ]),
      frameScores: fs([
        [5, 20],
        [30, 35],
      ]),
    },
    {
      id: 'n',
      abnormal: false,
      scores: { candidates: [], videoScore: 0.3, branches: br, frameCount: 40 },
      tubes: [],
      gt: { videoId: 'n', label: 'normal', event: null },
      frameScores: fs([]),
    },
  ];

  it('reports VAUC, FAR and frame AUC over both intervals, and no IoU/MIoU/Upper Bound', () => {
    const cfg = normalizeEvalConfig({});
    const r = evaluateAll(vids, cfg);
    expect(r.spatial).toBe(false);
    expect(r.rows.map((x) => x.method)).toEqual(['Ours (temporal branch)', 'Random']);
    const m = r.rows[0]!;
    expect(m.vauc).toBe(1);
    // frames 20..29 are labelled normal (the gap between the intervals) and scored low: perfect separation.
    // Using [startFrame, endFrame) = [5, 35) instead would count them abnormal with score 0.2 -> AUC < 1.
    expect(m.frameAuc).toBe(1);
    expect(m.miou).toBeNull();
    expect(m.iouAt).toEqual({});
    expect(r.counts.localised).toBe(0);
    const t = renderResultsTable(r.rows, { eps: cfg.eps, spatial: r.spatial });
    expect(t.json.columns).toEqual(['Method', 'VAUC', 'FAR@0.2', 'Frame AUC']);
    expect(t.markdown).not.toMatch(/IoU|Upper Bound/);
  });

  it("spatial: true forces the spatial columns (then undefined: '—')", () => {
    const r = evaluateAll(vids, normalizeEvalConfig({ spatial: true }));
    expect(r.spatial).toBe(true);
    expect(r.rows.map((x) => x.method)).toContain('Upper Bound');
    expect(r.rows[0]!.miou).toBeNull();
    expect(() => normalizeEvalConfig({ spatial: 'yes' })).toThrow(
      /evaluate param spatial="yes" is invalid; allowed: 'auto', true or false/,
    );
  });
});

describe('baselineCandidates', () => {
  it('lists whole tubes, sub-tubes or both', () => {
    const t = [tube(0, 0, 8, A)];
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'both' })).toHaveLength(5);
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'tubes' })).toHaveLength(1);
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'sub-tubes' })).toHaveLength(4);
    expect(baselineCandidates(t, { subTubes: 1, baselineCandidates: 'sub-tubes' })).toHaveLength(1);
    expect(baselineCandidates(t, { subTubes: 4, baselineCandidates: 'scored' }, [t[0]!])).toHaveLength(1);
  });
});
