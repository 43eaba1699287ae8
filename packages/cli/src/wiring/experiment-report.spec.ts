import { normalizeEvalConfig, type EvalVideo } from '@wsstad/evaluator';
import { renderExperiment } from './experiment-report';
import type { CellData, TestSplit } from './experiment-data';

/** 8 test videos: 4 abnormal of two types, 4 normal. */
const videos: EvalVideo[] = Array.from({ length: 8 }, (_, i) => ({
  id: `v${i}`,
  abnormal: i < 4,
  category: i < 4 ? (i % 2 ? 'fall' : 'fight') : 'normal',
  tubes: [],
  scores: { candidates: [], videoScore: 0, branches: { tube: true, temporal: true }, frameCount: 10 },
  gt:
    i < 4
      ? {
          videoId: `v${i}`,
          label: 'abnormal',
          event: { type: i % 2 ? 'fall' : 'fight', startFrame: 2, endFrame: 6, frames: [], boxes: [] },
        }
      : { videoId: `v${i}`, label: 'normal', event: null },
}));
const split: TestSplit = { videos, evalCfg: normalizeEvalConfig({ bootstrap: 300 }) };
const cell = (score: (i: number) => number, sloc: number): CellData => ({
  abnormal: videos.map((v) => v.abnormal),
  score: videos.map((_, i) => score(i)),
  sloc: videos.map((v) => (v.abnormal ? sloc : null)),
  frames: videos.map((v, i) => ({
    scores: Float32Array.from({ length: 10 }, (_, f) => (v.abnormal && f >= 2 && f < 6 ? score(i) : 0.1)),
    abnormal: v.abnormal ? [[2, 6] as const] : [],
  })),
  farThreshold: 0.2,
  strict: true,
});
const row = (vauc: number) => ({
  method: 'Ours',
  kind: 'method',
  vauc,
  iouAt: { '0.1': 0.5 },
  miou: 0.2,
  far: 0,
  frameAuc: 0.9,
});

describe('renderExperiment', () => {
  // 'good' separates perfectly on every seed; 'bad' ranks everything at random-ish constant scores
  const data = new Map([
    ['good', [cell((i) => (i < 4 ? 0.9 : 0.1), 0.4), cell((i) => (i < 4 ? 0.8 : 0.15), 0.5)]],
    ['bad', [cell(() => 0.5, 0), cell(() => 0.5, 0)]],
  ]);
  const cells = ['good', 'bad'].flatMap((variant) =>
    [0, 1].map((seed) => ({ variant, seed, report: 'r', rows: [row(variant === 'good' ? 1 : 0.5)] })),
  );
  const { markdown, json } = renderExperiment({
    cells,
    data,
    variants: ['good', 'bad'],
    seeds: [0, 1],
    pipeline: 'p--test512',
    outDir: '/tmp/x',
    split,
    testVideos: 512,
    docs: { good: 'g', bad: 'b' },
  });
  it('writes every variant with intervals over seeds and videos', () => {
    expect(markdown).toMatch(/^\| good \| 2 \| 100\.00 \[100\.00, 100\.00\] \| 45\.00 \[/m);
    expect(markdown).toMatch(/^\| bad \| 2 \| 50\.00 \[50\.00, 50\.00\] \|/m);
    expect(markdown).toContain('--test-videos 512');
    expect(markdown).toContain('npx wsstad experiment p --variants good,bad');
  });
  it('pairs every variant with the first: good > bad on VAUC and MIoU', () => {
    const j = json as { paired: Array<{ b: string; metric: string; sign: number; estimate: number }> };
    expect(j.paired.find((p) => p.metric === 'vauc')).toMatchObject({ b: 'bad', sign: 1, estimate: 0.5 });
    expect(j.paired.find((p) => p.metric === 'miou')).toMatchObject({ sign: 1 });
    expect(markdown).toMatch(/^\| bad \| \+50\.00 \[\+50\.00, \+50\.00\] > \|/m);
  });
  it('lists per-type rows of the reference', () => {
    expect(markdown).toMatch(/^\| fall \| anomaly \| 2 \| 100\.00 \[100\.00, 100\.00\] \| 45\.00 /m);
    expect(markdown).toMatch(/^\| normal \| normal \| 4 \|/m);
  });
});
