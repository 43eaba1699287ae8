import { ConfigError } from '@wsstad/core';
import { calibrateThreshold, normalPercentile, verdictFor } from './calibration';

describe('calibration: threshold at a false-alarm rate on held-out normal scores', () => {
  const normal = Array.from({ length: 20 }, (_, i) => (i + 1) / 100); // 0.01 .. 0.20, shuffled below
  const shuffled = [...normal].sort((a, b) => Math.sin(a * 999) - Math.sin(b * 999));

  it('at 5% of 20 normal videos, one may lie above: the threshold is the second highest score', () => {
    const c = calibrateThreshold(shuffled, 0.05, [0.5, 0.3]);
    expect(c.threshold).toBe(0.19);
    expect(c.achievedFalseAlarmRate).toBeCloseTo(0.05, 12);
    expect(c.normalScores).toEqual(normal);
    expect(c.abnormalScores).toEqual([0.3, 0.5]);
  });

  it('never exceeds the requested rate; 0% puts the threshold at the highest normal score', () => {
    for (const far of [0, 0.01, 0.05, 0.1, 0.26, 0.5]) {
      const c = calibrateThreshold(shuffled, far);
      expect(c.achievedFalseAlarmRate).toBeLessThanOrEqual(far + 1e-12);
      expect(normal.filter((s) => s > c.threshold).length).toBe(Math.floor(far * 20 + 1e-9));
    }
    expect(calibrateThreshold(shuffled, 0).threshold).toBe(0.2);
  });

  it('ties: scores equal to the threshold are normal', () => {
    const c = calibrateThreshold([0.1, 0.1, 0.1, 0.1], 0.5);
    expect(c.threshold).toBe(0.1);
    expect(c.achievedFalseAlarmRate).toBe(0);
    expect(verdictFor(0.1, c).verdict).toBe('normal');
  });

  it('percentile among normal videos and the verdict', () => {
    const c = calibrateThreshold(shuffled, 0.05);
    expect(normalPercentile(0.005, c.normalScores)).toBe(0);
    expect(normalPercentile(0.1, c.normalScores)).toBe(50);
    expect(normalPercentile(0.195, c.normalScores)).toBe(95);
    expect(normalPercentile(3, c.normalScores)).toBe(100);
    expect(verdictFor(0.195, c)).toEqual({
      score: 0.195,
      percentile: 95,
      verdict: 'abnormal',
      threshold: 0.19,
      falseAlarmRate: 0.05,
    });
    expect(verdictFor(0.18, c).verdict).toBe('normal');
  });

  it('refuses to state an operating point without normal scores or with a bad rate', () => {
    expect(() => calibrateThreshold([], 0.05)).toThrow(ConfigError);
    expect(() => calibrateThreshold([NaN], 0.05)).toThrow(/no held-out normal video/);
    expect(() => calibrateThreshold([0.1], 1)).toThrow(/falseAlarmRate/);
  });
});
