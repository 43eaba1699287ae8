import type * as TF from '@tensorflow/tfjs';
import { eq9Scores } from '@wsstad/core';
import {
  type ModelConfig,
  type OrtBranchEngine,
  type PaddedBatch,
  type Tf,
  type TrainableBranch,
  type TrainableModel,
} from '@wsstad/relationship-module';
import { ortScoreBags } from './ort';
import { hostBatch } from './pad';
import type { BagInput } from './types';

export type { BagInput };

/** Pad bags to the longest one; the caller disposes the tensors (disposeBatch). */
export function padBags(tf: Tf, bags: readonly BagInput[], dim: number): PaddedBatch {
  const { x, mask, positions, b, n } = hostBatch(
    bags,
    bags.map((_, i) => i),
    dim,
  );
  return {
    x: tf.tensor2d(x, [b * n, dim]),
    mask: tf.tensor2d(mask, [b, n]),
    positions: tf.tensor2d(positions, [b, n]),
    b,
    n,
  };
}

export function disposeBatch(batch: PaddedBatch): void {
  batch.x.dispose();
  batch.mask.dispose();
  batch.positions?.dispose();
}

/**
 * Rough bytes of live tensors per bag during a training forward+backward: the D-wide activations
 * (input, Q, K, V, their head-major copies, attention output, residual, and as many gradients),
 * the H x n x n attention maps, and the hidden layers.
 */
export function bytesPerBag(cfg: ModelConfig, n: number): number {
  const d = cfg.featureDim;
  const wide = cfg.relation === 'none' ? 3 : 16;
  const att = cfg.relation === 'attention' ? 6 * cfg.heads * n * n : cfg.relation === 'gcn' ? 6 * n * n : 0;
  return 4 * (n * d * wide + att + n * cfg.hidden[0] * 6);
}

/** Micro-batches of bag indices (sorted by length so padding stays small), sized to the memory budget. */
export function microBatches(
  cfg: ModelConfig,
  bags: readonly BagInput[],
  microBatch: number,
  budgetMB: number,
): number[][] {
  const order = bags.map((_, i) => i).sort((a, b) => bags[a]!.n - bags[b]!.n || a - b);
  const groups: number[][] = [];
  let cur: number[] = [];
  for (const i of order) {
    const next = [...cur, i];
    const maxN = Math.max(...next.map((j) => bags[j]!.n));
    const tooBig =
      microBatch > 0
        ? next.length > microBatch
        : cur.length > 0 && bytesPerBag(cfg, maxN) * next.length > budgetMB * 2 ** 20;
    if (tooBig) {
      groups.push(cur);
      cur = [i];
    } else cur = next;
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/**
 * Inference-mode scores of whole bags (in chunks), one array per bag; on `engine` (onnxruntime) if given, else tfjs.
 */
export function scoreBags(
  tf: Tf,
  branch: TrainableBranch,
  cfg: ModelConfig,
  bags: readonly BagInput[],
  budgetMB: number,
  engine?: OrtBranchEngine,
): Float32Array[] {
  // Inference keeps no tape: about a third of the training footprint per bag.
  const groups = microBatches(cfg, bags, 0, budgetMB * 3);
  if (engine) return ortScoreBags(engine, branch, bags, groups);
  const out: Float32Array[] = new Array(bags.length);
  for (const group of groups) {
    const batch = padBags(
      tf,
      group.map((i) => bags[i]!),
      cfg.featureDim,
    );
    const s = branch.forward(batch, { training: false });
    const v = s.dataSync() as Float32Array;
    group.forEach((bi, k) => {
      out[bi] = v.slice(k * batch.n, k * batch.n + bags[bi]!.n);
    });
    s.dispose();
    disposeBatch(batch);
  }
  return out;
}

/**
 * Video scores for model selection (eq. 9 over each video's bag, max over instances): the tube
 * branch on each region-level instance averaged with the temporal branch on its image-level
 * counterpart; single-branch models use their one branch. region[i] and image[i] are video i's bags.
 * `alone`: every instance scored as a bag of its own (inference's single-candidate scores).
 */
export function videoScores(
  tf: Tf,
  model: Pick<TrainableModel, 'config' | 'branches'>,
  region: readonly BagInput[],
  image: readonly BagInput[],
  budgetMB: number,
  engine?: OrtBranchEngine,
  alone = false,
): number[] {
  const cfg = model.config;
  const { tube, temporal } = model.branches;
  const score = alone ? scoreInstancesAlone : scoreBags;
  const pt = cfg.branches !== 'temporal' ? score(tf, tube, cfg, region, budgetMB, engine) : undefined;
  const pv = cfg.branches !== 'tube' ? score(tf, temporal, cfg, image, budgetMB, engine) : undefined;
  // Eq. 9 (core eq9Scores): an absent branch (single-branch model) is undefined, the other used as is.
  return region.map((_, i) => Math.max(...eq9Scores(pt?.[i], pv?.[i])));
}

/** Scores of every instance of every bag, each instance alone as a bag of one ('single' guidance). */
export function scoreInstancesAlone(
  tf: Tf,
  branch: TrainableBranch,
  cfg: ModelConfig,
  bags: readonly BagInput[],
  budgetMB: number,
  engine?: OrtBranchEngine,
): Float32Array[] {
  const d = cfg.featureDim;
  const singles: BagInput[] = [];
  for (const bag of bags)
    for (let i = 0; i < bag.n; i++)
      singles.push({
        features: bag.features.subarray(i * d, (i + 1) * d),
        n: 1,
        positions: bag.positions.subarray(i, i + 1),
      });
  const flat = scoreBags(tf, branch, cfg, singles, budgetMB, engine);
  let k = 0;
  return bags.map((bag) => Float32Array.from({ length: bag.n }, () => flat[k++]![0]!));
}

export type { TF };
