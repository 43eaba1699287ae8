import { linkTubes } from './link';
import { columns, det, track } from './fixtures';
import { summarizeTubes } from './summary';

describe('linkTubes', () => {
  // Six separate objects, each a 10-frame track with its own score; each gives one unary and one multivariate tube.
  const objects = [0.1, 0.9, 0.5, 0.7, 0.3, 0.6].flatMap((s, k) => track(0, 10, k * 100, 0, 1, 0, { score: s }));

  it('builds both kinds, best mean score first, ids in that order, unary first on equal scores', () => {
    const { tubes, stats } = linkTubes(columns(objects), { zeta1: 10, zeta2: 10 });
    expect(tubes).toHaveLength(12);
    expect(tubes.map((t) => t.id)).toEqual([...Array(12).keys()]);
    expect(tubes.slice(0, 2).map((t) => t.kind)).toEqual(['unary', 'multivariate']);
    for (let i = 1; i < tubes.length; i++) expect(tubes[i]!.score).toBeLessThanOrEqual(tubes[i - 1]!.score);
    expect(stats).toMatchObject({ unaryBuilt: 6, multivariateBuilt: 6, unaryLong: 6, multivariateLong: 6, capped: 0 });
  });

  it('caps the instances per video over both kinds pooled, keeping the best by mean score', () => {
    const { tubes, stats } = linkTubes(columns(objects), { zeta1: 10, zeta2: 10, maxInstances: 3 });
    expect(tubes.map((t) => [t.kind, +t.score.toFixed(3)])).toEqual([
      ['unary', 0.9],
      ['multivariate', 0.9],
      ['unary', 0.7],
    ]);
    expect(stats.capped).toBe(9);
    expect(linkTubes(columns(objects), { zeta1: 10, zeta2: 10, maxInstances: 0 }).tubes).toHaveLength(12);
  });

  it('scores a tube by the mean of its frame scores', () => {
    const a = track(0, 4, 0, 0, 1, 0, { score: (f) => [0.2, 0.4, 0.6, 1][f]! });
    const [t] = linkTubes(columns(a), { zeta1: 4, multivariate: false }).tubes;
    expect(t!.score).toBeCloseTo(0.55, 6);
  });

  it('summarises counts and lengths per kind', () => {
    const dets = [...track(0, 10, 0, 0, 1, 0), ...track(0, 20, 300, 0, 1, 0), det(3, [500, 500, 510, 510])];
    const s = summarizeTubes(linkTubes(columns(dets), { zeta1: 1, zeta2: 15 }).tubes);
    expect(s).toEqual([
      { kind: 'unary', count: 3, minLength: 1, medianLength: 10, maxLength: 20, meanScore: 0.5 },
      { kind: 'multivariate', count: 1, minLength: 20, medianLength: 20, maxLength: 20, meanScore: 0.5 },
    ]);
  });

  it('rejects non-finite boxes with a clear InputError', () => {
    expect(() => linkTubes(columns([det(0, [0, 0, NaN, 1])]))).toThrow(/non-finite box/);
  });
});
