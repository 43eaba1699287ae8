import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '@wsstad/core';
import type { Tf } from './types';

/**
 * Matmuls whose forward and backward only use plain (untransposed) matmuls plus explicit
 * transposes: on tfjs-wasm the transposeA/transposeB path is 7-20x slower (measurements.md),
 * and the built-in matmul gradient uses it.
 */
export interface FastOps {
  /** a @ b for rank-2 or rank-3 (batched) tensors, differentiable in both operands. */
  mm<T extends TF.Tensor>(a: T, b: TF.Tensor): T;
  /** x @ w where x is a constant input: the gradient w.r.t. x is skipped (returned as zeros) to save a matmul. */
  mmConst<T extends TF.Tensor>(x: T, w: TF.Tensor): T;
}

const cache = new WeakMap<Tf, FastOps>();

export function fastOps(tf: Tf): FastOps {
  const hit = cache.get(tf);
  if (hit) return hit;
  const tr = (t: TF.Tensor) => (t.rank === 3 ? tf.transpose(t, [0, 2, 1]) : tf.transpose(t));
  const mm = tf.customGrad(((a: TF.Tensor, b: TF.Tensor, save: TF.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a as TF.Tensor2D, b as TF.Tensor2D),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [sa, sb] = saved as [TF.Tensor, TF.Tensor];
        return [
          tf.matMul(dy as TF.Tensor2D, tr(sb) as TF.Tensor2D),
          tf.matMul(tr(sa) as TF.Tensor2D, dy as TF.Tensor2D),
        ];
      },
    };
  }) as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (a: TF.Tensor, b: TF.Tensor) => TF.Tensor;
  const mmConst = tf.customGrad(((x: TF.Tensor, w: TF.Tensor, save: TF.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.matMul(x as TF.Tensor2D, w as TF.Tensor2D),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const sx = saved[0]!;
        return [tf.zerosLike(sx), tf.matMul(tr(sx) as TF.Tensor2D, dy as TF.Tensor2D)];
      },
    };
  }) as unknown as Parameters<Tf['customGrad']>[0]) as unknown as (a: TF.Tensor, b: TF.Tensor) => TF.Tensor;
  const ops: FastOps = { mm: mm as FastOps['mm'], mmConst: mmConst as FastOps['mmConst'] };
  cache.set(tf, ops);
  return ops;
}

/** Glorot (Xavier) normal, truncated at 2 std and rescaled as Keras does, from our seeded RNG. */
export function glorotNormal(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const std = Math.sqrt(2 / (fanIn + fanOut)) / 0.87962566103423978;
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) {
    let z: number;
    do z = rng.normal();
    while (Math.abs(z) > 2);
    out[i] = z * std;
  }
  return out;
}

/** Glorot uniform (the usual init of attention projections). */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-lim, lim);
  return out;
}
