import type { WeightedStatistic } from './bootstrap';

/**
 * One resampling unit of an AUC (a video): its scores and labels (one of each for VAUC, one per frame for frame AUC).
 */
export interface AucCluster {
  scores: ArrayLike<number>;
  labels: ArrayLike<number | boolean>;
}

/**
 * AUC (Mann-Whitney, ties 1/2, as rocAuc) of the elements of clusters drawn with multiplicities w.
 * Precomputes C[i][j] = correctly ordered (positive of i, negative of j) pairs, so a resample costs
 * O(clusters with positives x clusters) instead of a sort of every frame: AUC(w) = w'Cw / (w.P)(w.N).
 * At w = 1 it equals rocAuc of the concatenated elements exactly (tested). Null when a class is absent.
 */
export function weightedAuc(clusters: readonly AucCluster[]): WeightedStatistic {
  const n = clusters.length;
  const score: number[] = [];
  const owner: number[] = [];
  const pos: boolean[] = [];
  const P = new Float64Array(n);
  const N = new Float64Array(n);
  clusters.forEach((c, i) => {
    for (let k = 0; k < c.scores.length; k++) {
      score.push(c.scores[k]!);
      owner.push(i);
      const p = !!c.labels[k];
      pos.push(p);
      if (p) P[i]!++;
      else N[i]!++;
    }
  });
  const order = Array.from(score.keys()).sort((a, b) => score[a]! - score[b]!);
  const C = new Float64Array(n * n);
  const negBelow = new Float64Array(n);
  for (let g = 0; g < order.length;) {
    let e = g;
    while (e < order.length && score[order[e]!] === score[order[g]!]) e++;
    const posIn = new Map<number, number>();
    const negIn = new Map<number, number>();
    for (let k = g; k < e; k++) {
      const m = pos[order[k]!] ? posIn : negIn;
      const o = owner[order[k]!]!;
      m.set(o, (m.get(o) ?? 0) + 1);
    }
    for (const [i, pc] of posIn) {
      const row = i * n;
      for (let j = 0; j < n; j++) if (negBelow[j]) C[row + j] += pc * negBelow[j]!;
      for (const [j, nc] of negIn) C[row + j] += 0.5 * pc * nc;
    }
    for (const [j, nc] of negIn) negBelow[j] += nc;
    g = e;
  }
  const withPos = Array.from(P.keys()).filter((i) => P[i]! > 0);
  const withNeg = Array.from(N.keys()).filter((j) => N[j]! > 0);
  return (w) => {
    let wp = 0;
    let wn = 0;
    for (let i = 0; i < n; i++) {
      wp += w[i]! * P[i]!;
      wn += w[i]! * N[i]!;
    }
    if (wp === 0 || wn === 0) return null;
    let num = 0;
    for (const i of withPos) {
      const wi = w[i]!;
      if (!wi) continue;
      const row = i * n;
      let s = 0;
      for (const j of withNeg) s += C[row + j]! * w[j]!;
      num += wi * s;
    }
    return num / (wp * wn);
  };
}

/**
 * Weighted mean of per-video values; null values are not counted (not part of the statistic). Null when nothing is
 * counted.
 */
export function weightedMean(values: ReadonlyArray<number | null>): WeightedStatistic {
  return (w) => {
    let s = 0;
    let d = 0;
    values.forEach((v, i) => {
      if (v === null) return;
      s += w[i]! * v;
      d += w[i]!;
    });
    return d === 0 ? null : s / d;
  };
}
