import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '@wsstad/relationship-module';
import type { LossKind, PairingMode } from './types';

/** Probabilities are clipped to [EPS, 1 - EPS] inside logarithms (Keras' epsilon). */
export const LOG_EPS = 1e-7;

export interface LossContext {
  /** [B, N] 1 for real instances. */
  mask: TF.Tensor2D;
  /** 1 abnormal, 0 normal, per bag. */
  labels: readonly number[];
  loss: LossKind;
  pairing: PairingMode;
  /**
   * Guidance weight per bag (used for abnormal bags by mg-rank): the other branch's score of this bag's max instance.
   */
  guidance?: readonly number[];
  smoothness: number;
  sparsity: number;
}

/**
 * The MIL losses of one branch from its padded instance scores [B, N] (eq. 4/5, 7, Sultani's
 * ranking loss and DMRM terms). Returns the named parts; their sum is the branch loss
 * (the scorer's L2 term is added by the caller).
 */
export function milLosses(tf: Tf, scores: TF.Tensor2D, ctx: LossContext): Record<string, TF.Scalar> {
  const abn = ctx.labels.flatMap((l, i) => (l === 1 ? [i] : []));
  const nor = ctx.labels.flatMap((l, i) => (l === 0 ? [i] : []));
  // Scores lie in (0, 1): subtracting 2 on padding keeps padded entries from ever being the max.
  const maxes = tf.max(tf.sub(scores, tf.mul(tf.sub(1, ctx.mask), 2)), 1) as TF.Tensor1D;
  // Selections as one-hot products: gather's gradient needs UnsortedSegmentSum, which tfjs-wasm lacks.
  const bags = ctx.labels.length;
  const pick = (t: TF.Tensor1D, idx: readonly number[]): TF.Tensor1D => {
    const oh = new Float32Array(idx.length * t.shape[0]);
    idx.forEach((j, r) => {
      oh[r * t.shape[0] + j] = 1;
    });
    return tf.sum(tf.mul(tf.tensor2d(oh, [idx.length, t.shape[0]]), tf.reshape(t, [1, -1])), 1) as TF.Tensor1D;
  };
  const a = pick(maxes, abn);
  const n = pick(maxes, nor);
  const parts: Record<string, TF.Scalar> = {};
  const uses = (k: string) => ctx.loss.split('+').includes(k);
  const hinge = (weights?: TF.Tensor1D): TF.Scalar => {
    if (abn.length === 0 || nor.length === 0) return tf.scalar(0);
    if (ctx.pairing === 'all') {
      const m = tf.relu(tf.add(tf.sub(1, tf.reshape(a, [-1, 1])), tf.reshape(n, [1, -1])));
      return tf.mean(weights ? tf.mul(m, tf.reshape(weights, [-1, 1])) : m);
    }
    const p = Math.max(abn.length, nor.length);
    const ai = Array.from({ length: p }, (_, i) => i % abn.length);
    const ni = Array.from({ length: p }, (_, i) => i % nor.length);
    const m = tf.relu(tf.add(tf.sub(1, pick(a, ai)), pick(n, ni)));
    return tf.mean(weights ? tf.mul(m, pick(weights, ai)) : m);
  };
  if (uses('rank') || ctx.loss === 'dmrm') parts.rank = hinge();
  if (uses('mg-rank')) {
    if (!ctx.guidance) throw new RangeError('mg-rank needs guidance weights');
    // eq. 4/5: max(0, w * (1 - a + n)) = w * max(0, 1 - a + n) since w >= 0.
    parts.mgRank = hinge(tf.tensor1d(abn.map((i) => ctx.guidance![i]!)));
  }
  if (uses('ce')) {
    const clip = (t: TF.Tensor) => tf.clipByValue(t, LOG_EPS, 1 - LOG_EPS);
    const la = abn.length ? tf.neg(tf.mean(tf.log(clip(a)))) : tf.scalar(0);
    const ln = nor.length ? tf.neg(tf.mean(tf.log(clip(tf.sub(1, n))))) : tf.scalar(0);
    parts.ce = tf.add(la, ln) as TF.Scalar;
  }
  if (ctx.loss === 'dmrm' && abn.length > 0) {
    const nCols = scores.shape[1];
    const sa = scores;
    const ma = tf.mul(
      ctx.mask,
      tf.tensor2d(
        ctx.labels.map((l) => (l === 1 ? 1 : 0)),
        [bags, 1],
      ),
    );
    parts.sparsity = tf.mul(tf.sum(tf.mul(sa, ma)), ctx.sparsity) as TF.Scalar;
    if (nCols > 1) {
      const d = tf.sub(tf.slice(sa, [0, 1], [-1, nCols - 1]), tf.slice(sa, [0, 0], [-1, nCols - 1]));
      const pm = tf.mul(tf.slice(ma, [0, 1], [-1, nCols - 1]), tf.slice(ma, [0, 0], [-1, nCols - 1]));
      parts.smoothness = tf.mul(tf.sum(tf.mul(tf.square(d), pm)), ctx.smoothness) as TF.Scalar;
    } else parts.smoothness = tf.scalar(0);
  }
  return parts;
}

/** Index of the max real instance of each bag, from host-side scores [B, N] and bag lengths. */
export function argmaxPerBag(scores: Float32Array, n: number, lengths: readonly number[]): number[] {
  return lengths.map((len, b) => {
    let best = 0;
    for (let i = 1; i < len; i++) if (scores[b * n + i]! > scores[b * n + best]!) best = i;
    return best;
  });
}
