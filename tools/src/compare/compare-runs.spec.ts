import { compareRuns } from './compare-runs';

const config = { farThreshold: 0.2, strict: true };
const videos = (n: number, score: (i: number, abnormal: boolean) => number, sloc: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => {
    const abnormal = i % 2 === 0;
    return { id: `v${i}`, abnormal, score: score(i, abnormal), sloc: abnormal ? sloc(i) : null };
  });

describe('compareRuns', () => {
  it('finds a better ranking and localisation with intervals above zero, and no difference against itself', () => {
    const good = {
      config,
      videos: videos(
        80,
        (i, a) => (a ? 0.6 : 0.3) + (i % 7) * 0.01,
        () => 0.4,
      ),
    };
    const poor = {
      config,
      videos: videos(
        80,
        (i) => ((i * 37) % 80) / 100,
        () => 0.1,
      ),
    };
    const lines = compareRuns(good, poor, ['good', 'poor'], 200);
    expect(lines.find((l) => l.startsWith('vauc'))).toMatch(/good - poor = \+\d+\.\d+ \[\+\d/);
    expect(lines.find((l) => l.startsWith('miou'))).toMatch(/= \+30\.00 \[\+30\.00, \+30\.00\]/);
    expect(compareRuns(good, good, ['a', 'b'], 200).find((l) => l.startsWith('vauc'))).toMatch(
      /= \+0\.00 \[\+0\.00, \+0\.00\]/,
    );
  });
  it('refuses evaluations of different test videos', () => {
    const a = {
      config,
      videos: videos(
        10,
        () => 0.5,
        () => 0.1,
      ),
    };
    const b = {
      config,
      videos: videos(
        12,
        () => 0.5,
        () => 0.1,
      ),
    };
    expect(() => compareRuns(a, b, ['a', 'b'])).toThrow(/different videos/);
  });
});
