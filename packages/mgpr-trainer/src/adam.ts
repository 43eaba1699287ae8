import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '@wsstad/relationship-module';

export interface AdamOptions {
  /** One learning rate for every variable, or one per variable (same order). */
  lr: number | readonly number[];
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * Adam (Kingma & Ba) over a fixed, ordered list of variables. Written here rather than taken
 * from tf.train so its state (step count and moments) is plain, ordered and checkpointable.
 */
export class Adam {
  readonly m: TF.Variable[];
  readonly v: TF.Variable[];
  t = 0;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;

  constructor(
    private readonly tf: Tf,
    private readonly vars: readonly TF.Variable[],
    private readonly opts: AdamOptions,
  ) {
    this.b1 = opts.beta1 ?? 0.9;
    this.b2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-7;
    if (typeof opts.lr !== 'number' && opts.lr.length !== vars.length)
      throw new RangeError(`Adam: ${opts.lr.length} learning rates for ${vars.length} variables`);
    this.m = vars.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = vars.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** Apply one update; `grads` align with the variables (the caller keeps ownership). */
  step(grads: readonly TF.Tensor[]): void {
    const tf = this.tf;
    this.t += 1;
    const correction = Math.sqrt(1 - this.b2 ** this.t) / (1 - this.b1 ** this.t);
    const lr = this.opts.lr;
    // One tidy per variable: at D = 4096 each attention matrix is 64 MiB, and holding every
    // variable's temporaries until the end overflowed tfjs-wasm's 4 GiB heap.
    this.vars.forEach((x, i) =>
      tf.tidy(() => {
        const g = grads[i]!;
        const m = tf.add(tf.mul(this.m[i]!, this.b1), tf.mul(g, 1 - this.b1));
        const v = tf.add(tf.mul(this.v[i]!, this.b2), tf.mul(tf.square(g), 1 - this.b2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const lrT = (typeof lr === 'number' ? lr : lr[i]!) * correction;
        x.assign(tf.sub(x, tf.div(tf.mul(m, lrT), tf.add(tf.sqrt(v), this.eps))));
      }),
    );
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
