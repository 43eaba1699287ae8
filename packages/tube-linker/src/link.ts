import { unionBox, type Box, type DetectionColumns, type Tube } from '@wsstad/core';
import { normalizeLinkConfig, resolveThresholds } from './config';
import { indexDetections, type DetectionIndex } from './detection-index';
import { linkMultivariate, type RawMultiTube } from './multivariate';
import { boxAt, linkUnaryCategory, type RawTube } from './unary';
import type { LinkConfig, LinkResult, MixedLabel } from './types';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Most frequent name (ties: the smaller name). */
function majority(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best = '',
    bestN = -1;
  for (const [n, c] of counts) if (c > bestN || (c === bestN && n < best)) [best, bestN] = [n, c];
  return best;
}

/** `labels`: the input categories (pooled linking: the tube is labelled by its boxes' most frequent category). */
function unaryTube(ix: DetectionIndex, t: RawTube, labels?: readonly string[]): Tube {
  const scores = t.positions.map((p) => ix.score[p]!);
  return {
    id: -1,
    kind: 'unary',
    category: labels ? majority(t.positions.map((p) => labels[ix.row[p]!]!)) : ix.categories[ix.cat[t.positions[0]!]!]!,
    frames: t.positions.map((p) => ix.frame[p]!),
    boxes: t.positions.map((p) => boxAt(ix, p)),
    scores,
    score: mean(scores),
  };
}

/** Label of a cluster tube: its category if single, else 'mixed' or the most frequent (ties: smaller name). */
function multiLabel(ix: DetectionIndex, t: RawMultiTube, mode: MixedLabel): string {
  const names = t.clusters.flatMap((c) => c.positions.map((p) => ix.categories[ix.cat[p]!]!));
  if (names.every((n) => n === names[0])) return names[0]!;
  return mode === 'mixed' ? 'mixed' : majority(names);
}

function multiTube(ix: DetectionIndex, t: RawMultiTube, mode: MixedLabel): Tube {
  // Per frame: the union box of the cluster (M_t) and the cluster's best detection score.
  const boxes: Box[] = t.clusters.map((c) => unionBox(c.positions.map((p) => boxAt(ix, p))));
  const scores = t.clusters.map((c) => Math.max(...c.positions.map((p) => ix.score[p]!)));
  return {
    id: -1,
    kind: 'multivariate',
    category: multiLabel(ix, t, mode),
    frames: t.clusters.map((c) => c.frame),
    boxes,
    scores,
    score: mean(scores),
  };
}

/**
 * Link one video's detections into unary (Algorithm 1) and multivariate (Algorithm 2) tubes, keep
 * those at least zeta1 / zeta2 frames long, then keep the best `maxInstances` by mean score (both
 * kinds pooled; ties: unary first, then build order). Output: best first, ids 0..n-1 in that order.
 */
export function linkTubes(dets: DetectionColumns, config: Partial<LinkConfig> | LinkConfig = {}): LinkResult {
  const cfg = normalizeLinkConfig(config);
  const th = resolveThresholds(cfg, dets.video.fps);
  const ix = indexDetections(dets);
  const candidates: Tube[] = [];
  let unaryBuilt = 0,
    multivariateBuilt = 0,
    unaryLong = 0,
    multivariateLong = 0;
  if (cfg.unary) {
    // Pooled: one pass over every detection as if one category (a background-subtraction detector's
    // category is a guess from the blob's aspect, which flips when a person falls or a car turns).
    const pooled = cfg.unaryCategories === 'pooled';
    const ux = pooled ? indexDetections({ ...dets, category: dets.category.map(() => '') }) : ix;
    for (let c = 0; c < ux.categories.length; c++) {
      const r = linkUnaryCategory(ux, c, {
        eta: cfg.eta,
        lambda: cfg.lambda,
        gapTolerance: th.gapTolerance,
        minLength: th.zeta1,
        motion: cfg.motion,
        motionGate: cfg.motionGate,
      });
      unaryBuilt += r.built;
      unaryLong += r.tubes.length;
      for (const t of r.tubes) candidates.push(unaryTube(ux, t, pooled ? dets.category : undefined));
    }
  }
  if (cfg.multivariate) {
    const r = linkMultivariate(ix, {
      lambda: cfg.lambda,
      gapTolerance: th.gapTolerance,
      cluster: cfg.cluster,
      temporalMatch: cfg.temporalMatch,
      crossCategory: cfg.crossCategory,
      minLength: th.zeta2,
    });
    multivariateBuilt = r.built;
    multivariateLong = r.tubes.length;
    for (const t of r.tubes) candidates.push(multiTube(ix, t, cfg.mixedLabel));
  }
  // Stable sort: equal scores keep build order (unary before multivariate, then seed order).
  const ranked = candidates
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.score - a.t.score || a.i - b.i)
    .map((x) => x.t);
  const kept = cfg.maxInstances > 0 ? ranked.slice(0, cfg.maxInstances) : ranked;
  kept.forEach((t, i) => {
    t.id = i;
  });
  return {
    tubes: kept,
    stats: {
      unaryBuilt,
      multivariateBuilt,
      unaryLong,
      multivariateLong,
      capped: ranked.length - kept.length,
      thresholds: th,
    },
  };
}
