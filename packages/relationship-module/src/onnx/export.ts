import { ArtifactError, GraphBuilder } from '@wsstad/core';
import { readBundle } from '../bundle';
import { normalizeModelConfig } from '../config';
import { assertOrtRelation, forward } from './graphs';

/** Names of the exported graph's inputs and outputs (documented in the README for Python/C++ users). */
export const EXPORT_IO = {
  /** [B, n, D] raw (un-normalised) region-level features of the candidates: the tube branch's input. */
  region: 'region',
  /** [B, n, D] raw image-level features of the same candidates (or videolets): the temporal branch's input. */
  image: 'image',
  /** [B, n] 1 for real instances, 0 for padding. */
  mask: 'mask',
  /** [B, n] eq. 9 scores: the mean of both branches (the one branch of a single-branch model). */
  scores: 'scores',
  tubeScores: 'tube_scores',
  temporalScores: 'temporal_scores',
} as const;

const RETRAIN = 'retrain or restore the model directory';

/**
 * One self-contained ONNX file of a saved model (the train stage's directory): the feature
 * normaliser, both branches with their weights as initialisers, and eq. 9's combination. Each
 * branch is the inference graph the onnxruntime engine runs (graphs.ts `forward`), wired to the
 * model's weights instead of graph inputs, so it scores exactly as the in-process scorer (tested
 * against it). Inputs and outputs: EXPORT_IO. Relations 'attention' and 'none' (the GCN ablation
 * has no ONNX graph).
 */
export function exportModelOnnx(dir: string): Uint8Array {
  const { meta, tensors } = readBundle(dir, 'model');
  const cfg = normalizeModelConfig(meta.config);
  assertOrtRelation(cfg);
  const d = cfg.featureDim;
  const g = new GraphBuilder('wsstad_scorer', '@wsstad/relationship-module');
  let region = g.input(EXPORT_IO.region, ['B', 'n', d]);
  let image = g.input(EXPORT_IO.image, ['B', 'n', d]);
  const mask = g.input(EXPORT_IO.mask, ['B', 'n']);
  const stored = (name: string, shape: readonly number[]): Float32Array => {
    const t = tensors.get(name);
    if (!t || t.shape.join('x') !== shape.join('x')) {
      throw new ArtifactError(`tensor ${name} missing or of the wrong shape`, { file: dir, hint: RETRAIN });
    }
    return t.data;
  };

  // Normaliser: (x - mean) * invStd per dimension, as applyNormalizer does before the branches.
  const kind = (meta.normalizer as { kind?: string } | undefined)?.kind ?? 'none';
  if (kind === 'standardize') {
    if (!tensors.has('normalizer/mean') || !tensors.has('normalizer/invStd')) {
      throw new ArtifactError('standardize normaliser tensors missing', { file: dir, hint: RETRAIN });
    }
    const norm = (x: string, stats: string) =>
      g.mul(
        g.sub(x, g.weight(`${stats}/mean`, [d], stored(`${stats}/mean`, [d]))),
        g.weight(`${stats}/invStd`, [d], stored(`${stats}/invStd`, [d])),
      );
    region = norm(region, 'normalizer');
    // Whole-frame statistics for the image-level input when the model has them (fitInputStandardizers).
    const perInput = tensors.has('normalizer/frame/mean') && tensors.has('normalizer/frame/invStd');
    image = perInput ? norm(image, 'normalizer/frame') : g.mul(g.sub(image, 'normalizer/mean'), 'normalizer/invStd');
  } else if (kind !== 'none') {
    throw new ArtifactError(`normaliser '${kind}' cannot be exported`, { file: dir });
  }

  const scoreOf = (b: 'tube' | 'temporal'): string => {
    // forward asks for each weight with its branchParamSpecs shape; the stored tensor must have it.
    const weight = (name: string, dims: number[]) => g.weight(`${b}/${name}`, dims, stored(`${b}/${name}`, dims));
    const fw = forward(g, cfg, false, { x: b === 'tube' ? region : image, mask, weight });
    return g.reshape(fw.s, [0, -1]);
  };
  const tube = cfg.branches !== 'temporal' ? scoreOf('tube') : undefined;
  const temporal = cfg.branches !== 'tube' ? scoreOf('temporal') : undefined;
  // eq. 9 as graph ops (core eq9 at 0.5, what combineBranchScores computes): (t + v) * 0.5, bit-identical.
  const scores = tube && temporal ? g.mul(g.add(tube, temporal), g.scalar(0.5)) : (tube ?? temporal)!;
  g.output(EXPORT_IO.scores, scores, ['B', 'n']);
  if (tube) g.output(EXPORT_IO.tubeScores, tube, ['B', 'n']);
  if (temporal) g.output(EXPORT_IO.temporalScores, temporal, ['B', 'n']);
  return g.encode(
    `wsstad dual-branch scorer (${cfg.relation}, ${cfg.branches}); inputs region/image [B,n,${d}] ` +
      `raw features, mask [B,n]`,
  );
}
