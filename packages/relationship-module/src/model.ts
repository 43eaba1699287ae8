import { Rng, eq9Scores, pickTfBackend } from '@wsstad/core';
import { createBranch } from './branch';
import { normalizeModelConfig } from './config';
import { IDENTITY_NORMALIZER, applyNormalizer } from './normalizer';
import type { FeatureNormalizer, ModelConfig, Tf, TrainableModel } from './types';

/**
 * Build a model from a config and a seed (weights drawn from core's Rng: the same seed gives the same weights on any
 * backend).
 */
export async function createModel(config: ModelConfig, seed: number): Promise<TrainableModel> {
  const { tf } = await pickTfBackend();
  return buildModel(tf, normalizeModelConfig(config), new Rng(`model/${seed}`));
}

/** Internal: build with optional saved weights (tube then temporal, in branchParamSpecs order). */
export function buildModel(
  tf: Tf,
  config: ModelConfig,
  rng: Rng,
  weights?: { tube: Float32Array[]; temporal: Float32Array[] },
  normalizer: FeatureNormalizer = IDENTITY_NORMALIZER,
): TrainableModel {
  const tube = createBranch(tf, config, 'tube', rng.fork('tube'), weights?.tube);
  const temporal = createBranch(tf, config, 'temporal', rng.fork('temporal'), weights?.temporal);
  let norm = normalizer;
  let disposed = false;
  // Single-branch models answer both scorers with the trained branch so callers never score with random weights.
  const tubeScorer = config.branches === 'temporal' ? temporal.scorer : tube.scorer;
  const temporalScorer = config.branches === 'tube' ? tube.scorer : temporal.scorer;
  return {
    tf,
    config,
    featureDim: config.featureDim,
    branches: { tube, temporal },
    tube: tubeScorer,
    temporal: temporalScorer,
    normalize: (features, n, input) => applyNormalizer(norm, features, n, config.featureDim, input),
    setNormalizer: (n) => {
      norm = n;
    },
    getNormalizer: () => norm,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const v of [...tube.variables, ...temporal.variables]) v.dispose();
    },
  };
}

/**
 * Eq. 9's instance score (core eq9Scores at the paper's 0.5) for this model's branches: a single-branch
 * model uses its one branch.
 */
export function combineBranchScores(
  config: Pick<ModelConfig, 'branches'>,
  pt: Float32Array,
  pv: Float32Array,
): Float32Array {
  return eq9Scores(config.branches === 'temporal' ? undefined : pt, config.branches === 'tube' ? undefined : pv);
}
