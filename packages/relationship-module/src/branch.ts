import type * as TF from '@tensorflow/tfjs';
import { Rng } from '@wsstad/core';
import { fastOps, glorotNormal, glorotUniform } from './ops';
import type { BranchScorer, ForwardOptions, ModelConfig, PaddedBatch, Tf, TrainableBranch } from './types';

/** Large negative logit added to padded keys so they get zero attention weight. */
export const MASK_LOGIT = -1e9;

interface ParamSpec {
  name: string;
  shape: number[];
  /** 'relation': attention or GCN projections; 'scorer': the layers after them (L2, their own learning rate). */
  part: 'relation' | 'scorer';
  init: (rng: Rng) => Float32Array;
}

/** The parameters of one branch, in a fixed order (checkpoints and the optimiser rely on it). */
export function branchParamSpecs(cfg: ModelConfig): ParamSpec[] {
  const d = cfg.featureDim;
  const [h1, h2] = cfg.hidden;
  const zeros = (n: number) => () => new Float32Array(n);
  const specs: ParamSpec[] = [];
  if (cfg.relation === 'attention') {
    // W_j^{Q,K,V} of all heads stacked column-wise: head j owns columns [j*D/H, (j+1)*D/H).
    // attentionInit 'zero-value': W_v starts at 0, so the module starts as the identity (eq. 3's residual alone).
    for (const p of ['wq', 'wk', 'wv']) {
      const zero = p === 'wv' && cfg.attentionInit === 'zero-value';
      specs.push({
        name: `attn/${p}`,
        shape: [d, d],
        part: 'relation',
        init: (r) => (zero ? new Float32Array(d * d) : glorotUniform(r, d, d)),
      });
    }
  } else if (cfg.relation === 'gcn') {
    for (let l = 0; l < cfg.gcnLayers; l++) {
      for (const w of ['wfeat', 'wtime'])
        specs.push({ name: `gcn${l}/${w}`, shape: [d, d], part: 'relation', init: (r) => glorotUniform(r, d, d) });
    }
  }
  // The output layer fc3 reads the last hidden layer (mlp) or the relation's output itself (linear).
  const outIn = cfg.scorer === 'linear' ? d : h2;
  if (cfg.scorer === 'mlp') {
    specs.push(
      { name: 'fc1/kernel', shape: [d, h1], part: 'scorer', init: (r) => glorotNormal(r, d, h1) },
      { name: 'fc1/bias', shape: [h1], part: 'scorer', init: zeros(h1) },
      { name: 'fc2/kernel', shape: [h1, h2], part: 'scorer', init: (r) => glorotNormal(r, h1, h2) },
      { name: 'fc2/bias', shape: [h2], part: 'scorer', init: zeros(h2) },
    );
  }
  specs.push(
    {
      name: 'fc3/kernel',
      shape: [outIn, 1],
      part: 'scorer',
      init: (r) => (cfg.outputInit === 'zero' ? new Float32Array(outIn) : glorotNormal(r, outIn, 1)),
    },
    { name: 'fc3/bias', shape: [1], part: 'scorer', init: zeros(1) },
  );
  return specs;
}

/**
 * One branch: relationship module (eq. 1-3, or GCN / nothing for the ablations) then Sultani's
 * 3-layer scorer (or one linear layer, scorer 'linear'). `values` (same order as branchParamSpecs)
 * restores saved weights.
 */
export function createBranch(
  tf: Tf,
  cfg: ModelConfig,
  name: 'tube' | 'temporal',
  rng: Rng,
  values?: Float32Array[],
): TrainableBranch {
  const specs = branchParamSpecs(cfg);
  const vars = specs.map((s, i) =>
    tf.variable(tf.tensor(values ? values[i]! : s.init(rng.fork(s.name)), s.shape), true),
  );
  const byName = new Map(specs.map((s, i) => [s.name, vars[i]!]));
  const p = (n: string) => byName.get(n)!;
  const { mm, mmConst } = fastOps(tf);
  const d = cfg.featureDim;
  const H = cfg.heads;
  const dh = d / H;

  function attention(x: TF.Tensor2D, mask: TF.Tensor2D, b: number, n: number): TF.Tensor2D {
    const heads = (w: TF.Tensor) =>
      tf.reshape(tf.transpose(tf.reshape(mmConst(x, w), [b, n, H, dh]), [0, 2, 1, 3]), [b * H, n, dh]) as TF.Tensor3D;
    const q = heads(p('attn/wq'));
    const k = heads(p('attn/wk'));
    const v = heads(p('attn/wv'));
    const logits = tf.reshape(tf.mul(mm(q, tf.transpose(k, [0, 2, 1])), 1 / Math.sqrt(dh)), [b, H, n, n]);
    // Padded keys are never attended; padded queries produce rows nobody reads (masked downstream).
    const bias = tf.reshape(tf.mul(tf.sub(1, mask), MASK_LOGIT), [b, 1, 1, n]);
    const att = tf.reshape(tf.softmax(tf.add(logits, bias)), [b * H, n, n]) as TF.Tensor3D;
    const o = tf.reshape(tf.transpose(tf.reshape(mm(att, v), [b, H, n, dh]), [0, 2, 1, 3]), [b * n, d]) as TF.Tensor2D;
    return tf.add(cfg.attentionCentering === 'bag-mean' ? centred(o, mask, b, n) : o, x); // eq. 3: residual
  }

  /** o minus its mean over each bag's real instances (padded rows are neither counted nor read downstream). */
  function centred(o: TF.Tensor2D, mask: TF.Tensor2D, b: number, n: number): TF.Tensor2D {
    const o3 = tf.reshape(o, [b, n, d]);
    const m3 = tf.reshape(mask, [b, n, 1]);
    const mean = tf.div(tf.sum(tf.mul(o3, m3), 1, true), tf.maximum(tf.sum(m3, 1, true), 1));
    return tf.reshape(tf.sub(o3, mean), [b * n, d]) as TF.Tensor2D;
  }

  function gcn(
    x: TF.Tensor2D,
    mask: TF.Tensor2D,
    positions: TF.Tensor2D | undefined,
    b: number,
    n: number,
  ): TF.Tensor2D {
    // Fixed adjacencies (no parameters, computed from the input): feature similarity = row softmax
    // of cosine similarity; temporal proximity = exp(-|t_i - t_j| / scale), row-normalised. Both masked.
    const x3 = tf.reshape(x, [b, n, d]) as TF.Tensor3D;
    const xn = tf.div(x3, tf.add(tf.norm(x3, 'euclidean', -1, true), 1e-8)) as TF.Tensor3D;
    const bias = tf.reshape(tf.mul(tf.sub(1, mask), MASK_LOGIT), [b, 1, n]);
    const aFeat = tf.softmax(tf.add(tf.matMul(xn, tf.transpose(xn, [0, 2, 1])), bias)) as TF.Tensor3D;
    const pos = positions ?? tf.tile(tf.reshape(tf.div(tf.range(0, n, 1, 'float32'), Math.max(1, n)), [1, n]), [b, 1]);
    const diff = tf.abs(tf.sub(tf.reshape(pos, [b, n, 1]), tf.reshape(pos, [b, 1, n])));
    const kern = tf.mul(tf.exp(tf.div(diff, -cfg.gcnTemporalScale)), tf.reshape(mask, [b, 1, n]));
    const aTime = tf.div(kern, tf.add(tf.sum(kern, -1, true), 1e-8)) as TF.Tensor3D;
    let h: TF.Tensor2D = x;
    for (let l = 0; l < cfg.gcnLayers; l++) {
      const first = l === 0;
      const proj = (w: TF.Tensor) => (first ? mmConst(x, w) : mm(h, w));
      const f = tf.reshape(mm(aFeat, tf.reshape(proj(p(`gcn${l}/wfeat`)), [b, n, d]) as TF.Tensor3D), [b * n, d]);
      const t = tf.reshape(mm(aTime, tf.reshape(proj(p(`gcn${l}/wtime`)), [b, n, d]) as TF.Tensor3D), [b * n, d]);
      h = tf.add(h, tf.relu(tf.mul(tf.add(f, t), 0.5))) as TF.Tensor2D;
    }
    return h;
  }

  function forward(batch: PaddedBatch, opts: ForwardOptions): TF.Tensor2D {
    return tf.tidy(() => {
      const { x, mask, b, n } = batch;
      let f: TF.Tensor2D = x;
      if (cfg.relation === 'attention') f = attention(x, mask, b, n);
      else if (cfg.relation === 'gcn') f = gcn(x, mask, batch.positions, b, n);
      const drop = (t: TF.Tensor2D, k: number): TF.Tensor2D =>
        opts.training && cfg.dropout > 0
          ? (tf.dropout(t, cfg.dropout, undefined, (opts.dropoutSeed ?? 0) * 2 + k) as TF.Tensor2D)
          : t;
      // relation 'none' feeds the constant input straight into the first layer (mmConst: no gradient w.r.t. x).
      const layer = (w: string) => (cfg.relation === 'none' ? mmConst(f, p(w)) : mm(f, p(w)));
      let h: TF.Tensor2D;
      if (cfg.scorer === 'linear') h = layer('fc3/kernel');
      else {
        h = drop(tf.relu(tf.add(layer('fc1/kernel'), p('fc1/bias'))) as TF.Tensor2D, 0);
        h = tf.add(mm(h, p('fc2/kernel')), p('fc2/bias')) as TF.Tensor2D;
        if (cfg.hidden2Activation === 'relu') h = tf.relu(h);
        h = mm(drop(h, 1), p('fc3/kernel'));
      }
      const s = tf.sigmoid(tf.add(h, p('fc3/bias')));
      return tf.reshape(s, [b, n]) as TF.Tensor2D;
    });
  }

  // What the L2 penalty covers, fixed by the architecture: the scorer's kernels, and the relation's weights.
  const scorerKernels = specs.filter((s) => s.part === 'scorer' && s.name.endsWith('/kernel')).map((s) => s.name);
  const relationWeights = specs.filter((s) => s.part === 'relation').map((s) => s.name);
  const sumOfSquares = (names: readonly string[]) => tf.addN(names.map((n) => tf.sum(tf.square(p(n)))));
  const l2Penalty = (): TF.Scalar =>
    tf.tidy(() => {
      const scorerPart = tf.mul(sumOfSquares(scorerKernels), cfg.l2) as TF.Scalar;
      if (cfg.relationL2 === 0 || relationWeights.length === 0) return scorerPart;
      return tf.add(scorerPart, tf.mul(sumOfSquares(relationWeights), cfg.relationL2)) as TF.Scalar;
    });

  const scorer: BranchScorer = {
    async scoreBag(features, n, positions) {
      if (n === 0) return new Float32Array(0);
      const out = tf.tidy(() => {
        const batch: PaddedBatch = {
          x: tf.tensor2d(features.subarray(0, n * d), [n, d]),
          mask: tf.ones([1, n]),
          b: 1,
          n,
          positions: positions ? tf.tensor2d(positions.subarray(0, n), [1, n]) : undefined,
        };
        return forward(batch, { training: false });
      });
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return Float32Array.from(data);
    },
  };

  return { name, variables: vars, variableNames: specs.map((s) => s.name), forward, l2Penalty, scorer };
}
