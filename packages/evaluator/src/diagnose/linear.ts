import { InputError, Rng } from '@wsstad/core';

/**
 * Linear scorers of the diagnosis ladder: sigmoid(w . z(x) + b) on standardised features. Both are
 * trained with Adam, full determinism from the seed. Deliberately small: they measure what the
 * front end's features allow, not a method.
 */
export interface LinearScorer {
  dim: number;
  score(x: Float32Array): number;
}

export interface LinearTrainOptions {
  iterations?: number;
  learningRate?: number;
  /** L2 penalty on w. */
  l2?: number;
  seed?: string | number;
}

export const DEFAULT_LINEAR = Object.freeze({ iterations: 300, learningRate: 0.01, l2: 1e-3, milBags: 30 });

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));

/** Feature mean and standard deviation (floor 1e-6) over training rows. */
function standardiser(rows: readonly Float32Array[], dim: number): { mu: Float64Array; sd: Float64Array } {
  const mu = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (const r of rows) for (let k = 0; k < dim; k++) mu[k] += r[k]! / rows.length;
  for (const r of rows) for (let k = 0; k < dim; k++) sd[k] += (r[k]! - mu[k]!) ** 2 / rows.length;
  for (let k = 0; k < dim; k++) sd[k] = Math.max(1e-6, Math.sqrt(sd[k]!));
  return { mu, sd };
}

class Linear implements LinearScorer {
  readonly w: Float64Array;
  b = 0;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private mb = 0;
  private vb = 0;
  private t = 0;
  constructor(
    readonly dim: number,
    private readonly mu: Float64Array,
    private readonly sd: Float64Array,
  ) {
    this.w = new Float64Array(dim);
    this.m = new Float64Array(dim);
    this.v = new Float64Array(dim);
  }
  logit(x: Float32Array): number {
    let z = this.b;
    for (let k = 0; k < this.dim; k++) z += this.w[k]! * ((x[k]! - this.mu[k]!) / this.sd[k]!);
    return z;
  }
  score(x: Float32Array): number {
    return sigmoid(this.logit(x));
  }
  /** Accumulate coefficient g (d loss / d logit) of row x into grad. */
  addGrad(grad: Float64Array, x: Float32Array, g: number): void {
    for (let k = 0; k < this.dim; k++) grad[k] += g * ((x[k]! - this.mu[k]!) / this.sd[k]!);
    grad[this.dim] += g;
  }
  adam(grad: Float64Array, lr: number, l2: number): void {
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let k = 0; k <= this.dim; k++) {
      const g = grad[k]! + (k < this.dim ? l2 * this.w[k]! : 0);
      if (k < this.dim) {
        this.m[k] = b1 * this.m[k]! + (1 - b1) * g;
        this.v[k] = b2 * this.v[k]! + (1 - b2) * g * g;
        this.w[k] -= (lr * (this.m[k]! / c1)) / (Math.sqrt(this.v[k]! / c2) + eps);
      } else {
        this.mb = b1 * this.mb + (1 - b1) * g;
        this.vb = b2 * this.vb + (1 - b2) * g * g;
        this.b -= (lr * (this.mb / c1)) / (Math.sqrt(this.vb / c2) + eps);
      }
    }
  }
}

function dimOf(rows: readonly Float32Array[]): number {
  if (rows.length === 0)
    throw new InputError('no training instances', { hint: 'the training split needs videos with tubes' });
  return rows[0]!.length;
}

/**
 * Logistic regression with full supervision (the ladder's ceiling, a diagnostic): class-balanced
 * binary cross-entropy over labelled instances, full batch.
 */
export function trainLogistic(
  x: readonly Float32Array[],
  y: ArrayLike<number>,
  o: LinearTrainOptions = {},
): LinearScorer {
  const dim = dimOf(x);
  const { mu, sd } = standardiser(x, dim);
  const m = new Linear(dim, mu, sd);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]! ? 1 : 0;
  if (pos === 0 || pos === y.length)
    throw new InputError(`logistic regression needs both classes (${pos} positives of ${y.length})`, {
      hint: 'the training ground truth must mark some candidates as anomalous',
    });
  const wPos = 0.5 / pos;
  const wNeg = 0.5 / (y.length - pos);
  const iters = o.iterations ?? DEFAULT_LINEAR.iterations;
  for (let it = 0; it < iters; it++) {
    const grad = new Float64Array(dim + 1);
    x.forEach((r, i) => m.addGrad(grad, r, (m.score(r) - (y[i] ? 1 : 0)) * (y[i] ? wPos : wNeg)));
    m.adam(grad, o.learningRate ?? DEFAULT_LINEAR.learningRate, o.l2 ?? DEFAULT_LINEAR.l2);
  }
  return m;
}

/** A training bag of the plain MIL baseline: its instances' features and the video label only. */
export interface MilBag {
  instances: readonly Float32Array[];
  abnormal: boolean;
}

/**
 * Plain MIL (Sultani et al.'s max-pooling ranking loss, no attention, no guidance): per iteration
 * `bags` abnormal and `bags` normal bags drawn at random, loss = mean over the pairs of
 * max(0, 1 - max_a + max_n) + binary cross-entropy of each bag's max against its video label.
 * Gradients flow through each bag's argmax instance. Reads video labels only.
 */
export function trainPlainMil(bags: readonly MilBag[], o: LinearTrainOptions & { bags?: number } = {}): LinearScorer {
  const ab = bags.filter((b) => b.abnormal && b.instances.length > 0);
  const no = bags.filter((b) => !b.abnormal && b.instances.length > 0);
  if (!ab.length || !no.length)
    throw new InputError(`plain MIL needs abnormal and normal training bags (${ab.length} / ${no.length})`);
  const all = [...ab, ...no].flatMap((b) => b.instances);
  const dim = dimOf(all);
  const { mu, sd } = standardiser(all, dim);
  const m = new Linear(dim, mu, sd);
  const rng = new Rng(`plain-mil/${o.seed ?? 0}`);
  const k = o.bags ?? DEFAULT_LINEAR.milBags;
  const top = (b: MilBag) => {
    let best = 0;
    let bz = -Infinity;
    b.instances.forEach((x, i) => {
      const z = m.logit(x);
      if (z > bz) {
        bz = z;
        best = i;
      }
    });
    return { x: b.instances[best]!, p: sigmoid(bz) };
  };
  for (let it = 0; it < (o.iterations ?? DEFAULT_LINEAR.iterations); it++) {
    const grad = new Float64Array(dim + 1);
    for (let j = 0; j < k; j++) {
      const a = top(ab[rng.int(0, ab.length - 1)]!);
      const n = top(no[rng.int(0, no.length - 1)]!);
      if (1 - a.p + n.p > 0) {
        // d(-p_a)/dz_a = -p(1-p); d(p_n)/dz_n = p(1-p)
        m.addGrad(grad, a.x, (-a.p * (1 - a.p)) / k);
        m.addGrad(grad, n.x, (n.p * (1 - n.p)) / k);
      }
      m.addGrad(grad, a.x, (a.p - 1) / (2 * k));
      m.addGrad(grad, n.x, n.p / (2 * k));
    }
    m.adam(grad, o.learningRate ?? DEFAULT_LINEAR.learningRate, o.l2 ?? DEFAULT_LINEAR.l2);
  }
  return m;
}
