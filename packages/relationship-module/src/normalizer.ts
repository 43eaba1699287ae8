import { ConfigError, NumericError } from '@wsstad/core';
import type { FeatureNormalizer, NormalizerInput } from './types';

/** Floor on the per-dimension std so constant dimensions do not blow up. */
const MIN_STD = 1e-6;

export const IDENTITY_NORMALIZER: FeatureNormalizer = Object.freeze({ kind: 'none' });

/**
 * Per-dimension mean and std over the rows of several n x D matrices (the training instances),
 * accumulated in float64 so thousands of rows do not lose precision.
 */
export function fitStandardizer(
  blocks: ReadonlyArray<{ features: Float32Array; n: number }>,
  dim: number,
): FeatureNormalizer {
  const sum = new Float64Array(dim);
  const sq = new Float64Array(dim);
  let rows = 0;
  for (const { features, n } of blocks) {
    for (let r = 0; r < n; r++) {
      const o = r * dim;
      for (let k = 0; k < dim; k++) {
        const v = features[o + k]!;
        sum[k]! += v;
        sq[k]! += v * v;
      }
    }
    rows += n;
  }
  if (rows === 0)
    throw new NumericError('cannot fit a feature normaliser on zero instances', {
      hint: 'check that the training videos have clip features',
    });
  const mean = new Float32Array(dim);
  const invStd = new Float32Array(dim);
  for (let k = 0; k < dim; k++) {
    const m = sum[k]! / rows;
    mean[k] = m;
    invStd[k] = 1 / Math.max(MIN_STD, Math.sqrt(Math.max(0, sq[k]! / rows - m * m)));
  }
  return { kind: 'standardize', mean, invStd };
}

/**
 * Standardisers fitted separately on region-level and whole-frame instances: region statistics in
 * `mean` / `invStd`, whole-frame ones in `frame`.
 */
export function fitInputStandardizers(
  region: ReadonlyArray<{ features: Float32Array; n: number }>,
  frame: ReadonlyArray<{ features: Float32Array; n: number }>,
  dim: number,
): FeatureNormalizer {
  const r = fitStandardizer(region, dim);
  const f = fitStandardizer(frame, dim);
  return { ...r, frame: { mean: f.mean!, invStd: f.invStd! } };
}

/**
 * Apply a normaliser to n x D features (returns a new array); `input` picks the whole-frame
 * statistics when the normaliser has them.
 */
export function applyNormalizer(
  norm: FeatureNormalizer,
  features: Float32Array,
  n: number,
  dim: number,
  input: NormalizerInput = 'region',
): Float32Array {
  if (features.length < n * dim)
    throw new ConfigError(`features hold ${features.length} values, expected n x D = ${n} x ${dim}`, {
      hint: 'pass row-major n x featureDim features',
    });
  const out = Float32Array.from(features.subarray(0, n * dim));
  if (norm.kind === 'none') return out;
  const { mean, invStd } = input === 'frame' && norm.frame ? norm.frame : (norm as Required<FeatureNormalizer>);
  for (let r = 0; r < n; r++) {
    const o = r * dim;
    for (let k = 0; k < dim; k++) out[o + k] = (out[o + k]! - mean[k]!) * invStd[k]!;
  }
  return out;
}
