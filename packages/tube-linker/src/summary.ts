import type { Tube } from '@wsstad/core';
import type { TubeSummary } from './types';

/** Count, frame-span statistics and mean score per tube kind (kinds without tubes report zeros). */
export function summarizeTubes(tubes: readonly Tube[]): TubeSummary[] {
  return (['unary', 'multivariate'] as const).map((kind) => {
    const ts = tubes.filter((t) => t.kind === kind);
    const lens = ts.map((t) => t.frames[t.frames.length - 1]! - t.frames[0]! + 1).sort((a, b) => a - b);
    const n = lens.length;
    return {
      kind,
      count: n,
      minLength: n ? lens[0]! : 0,
      medianLength: n ? (n % 2 ? lens[(n - 1) / 2]! : (lens[n / 2 - 1]! + lens[n / 2]!) / 2) : 0,
      maxLength: n ? lens[n - 1]! : 0,
      meanScore: n ? ts.reduce((s, t) => s + t.score, 0) / n : 0,
    };
  });
}
