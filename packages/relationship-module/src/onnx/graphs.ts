import { ConfigError, GraphBuilder } from '@wsstad/core';
import { MASK_LOGIT } from '../branch';
import type { ModelConfig } from '../types';

/** Relations the onnxruntime engine implements (the GCN ablation stays on tfjs). */
export const ORT_RELATIONS = ['attention', 'none'] as const;

/** Graph input/output names shared by the graph builders and the engine. */
export const IO = {
  x: 'x',
  mask: 'mask',
  drop1: 'drop1',
  drop2: 'drop2',
  dScores: 'dscores',
  scores: 'scores',
  q: 'q',
  k: 'k',
  v: 'v',
  grad: (param: string) => `grad/${param}`,
} as const;

export function assertOrtRelation(cfg: ModelConfig): void {
  if (!(ORT_RELATIONS as readonly string[]).includes(cfg.relation)) {
    throw new ConfigError(
      `the onnxruntime engine does not implement relation '${cfg.relation}'; allowed engines for ` +
        `'${cfg.relation}': 'tfjs'`,
      {
        hint:
          `use engine 'tfjs' (or 'auto', which picks it) for relation '${cfg.relation}'; the onnxruntime ` +
          `engine covers relation ${ORT_RELATIONS.map((r) => `'${r}'`).join(' | ')}`,
      },
    );
  }
}

interface Fwd {
  /** Intermediates the backward graph reuses (all in [B, n, .] layout). */
  x: string;
  /** [B, n] 1 for real instances. */
  mask: string;
  f: string;
  s: string;
  /** The 3-layer scorer's pre-activations and (dropped-out) activations; absent for scorer 'linear'. */
  mlp?: { a1: string; h1: string; a2: string; h2: string };
  /** Attention only: Q, K, V in [B, n, D] and head-major [B, H, n, dh] forms, and P [B, H, n, n]. */
  att?: { q: string; k: string; v: string; qh: string; kh: string; vh: string; p: string };
}

/**
 * Where the forward graph's tensors come from: graph inputs (the engine's graphs: weights change
 * every step) or, for the exported model, other nodes and initialisers holding the weights.
 */
export interface ForwardWiring {
  /** [B, n, D] features. */
  x: string;
  /** [B, n] 1 for real instances. */
  mask: string;
  /** The tensor of weight `name` (branchParamSpecs names) of shape `dims`. */
  weight(name: string, dims: number[]): string;
}

/** The engine's wiring: x, mask and every weight are graph inputs (in that order: the graph bytes depend on it). */
function inputWiring(g: GraphBuilder, d: number): ForwardWiring {
  const x = g.input(IO.x, ['B', 'n', d]);
  const mask = g.input(IO.mask, ['B', 'n']);
  return { x, mask, weight: (name, dims) => g.input(name, dims) };
}

/**
 * Exactly createBranch's forward (branch.ts): x [B, n, D] -> per-head split (reshape [B, n, H, dh]
 * then transpose to [B, H, n, dh], the tfjs layout, so weights are interchangeable), scaled dot
 * product, MASK_LOGIT on padded keys, softmax over keys, heads concatenated back, residual, then
 * fc1 relu, dropout, fc2 (linear or relu), dropout, fc3 sigmoid (scorer 'linear': fc3 sigmoid only). `qkv`
 * given: reuse the projections of the forward pass instead of recomputing them (the backward graph; X is
 * constant, so W_{q,k,v} are not needed there at all).
 */
export function forward(
  g: GraphBuilder,
  cfg: ModelConfig,
  training: boolean,
  io: ForwardWiring,
  qkv?: { q: string; k: string; v: string },
): Fwd {
  const d = cfg.featureDim,
    H = cfg.heads,
    dh = d / H;
  const [h1w, h2w] = cfg.hidden;
  const { x, mask } = io;
  let f = x;
  let att: Fwd['att'];
  if (cfg.relation === 'attention') {
    const proj = (w: string) => g.matmul(x, io.weight(w, [d, d]));
    const q = qkv?.q ?? proj('attn/wq'),
      k = qkv?.k ?? proj('attn/wk'),
      v = qkv?.v ?? proj('attn/wv');
    const heads = (t: string) => g.transpose(g.reshape(t, [0, 0, H, dh]), [0, 2, 1, 3]);
    const qh = heads(q),
      kh = heads(k),
      vh = heads(v);
    const logits = g.mul(g.matmul(qh, g.transpose(kh, [0, 1, 3, 2])), g.scalar(1 / Math.sqrt(dh)));
    const bias = g.reshape(g.mul(g.sub(g.scalar(1), mask), g.scalar(MASK_LOGIT)), [0, 1, 1, -1]);
    const p = g.op('Softmax', [g.add(logits, bias)], { axis: -1 });
    const o = g.reshape(g.transpose(g.matmul(p, vh), [0, 2, 1, 3]), [0, 0, d]);
    f = g.add(cfg.attentionCentering === 'bag-mean' ? g.sub(o, bagMean(g, o, mask)) : o, x); // eq. 3: residual
    att = { q, k, v, qh, kh, vh, p };
  }
  const w = (name: string, dims: number[]) => io.weight(name, dims);
  // The output layer fc3 reads the last hidden layer (mlp) or the relation's output itself (linear).
  let out = { t: f, width: d };
  let mlp: Fwd['mlp'];
  if (cfg.scorer === 'mlp') {
    const drop = (t: string, name: string, width: number) =>
      training ? g.mul(t, g.input(name, ['B', 'n', width])) : t;
    const a1 = g.add(g.matmul(f, w('fc1/kernel', [d, h1w])), w('fc1/bias', [h1w]));
    const h1 = drop(g.relu(a1), IO.drop1, h1w);
    const a2 = g.add(g.matmul(h1, w('fc2/kernel', [h1w, h2w])), w('fc2/bias', [h2w]));
    const h2 = drop(cfg.hidden2Activation === 'relu' ? g.relu(a2) : a2, IO.drop2, h2w);
    mlp = { a1, h1, a2, h2 };
    out = { t: h2, width: h2w };
  }
  const s = g.sigmoid(g.add(g.matmul(out.t, w('fc3/kernel', [out.width, 1])), w('fc3/bias', [1])));
  return { x, mask, f, s, att, mlp };
}

/** [B, 1, D]: the mean of t [B, n, D] over each bag's real instances (mask [B, n]); an empty bag gives 0. */
function bagMean(g: GraphBuilder, t: string, mask: string): string {
  const m3 = g.reshape(mask, [0, 0, 1]);
  const count = g.op('Max', [g.sum(m3, [1], 1), g.scalar(1)]);
  return g.op('Div', [g.sum(g.mul(t, m3), [1], 1), count]);
}

/**
 * Scores [B, n]; in training mode dropout keep-masks (already scaled by 1/(1-p)) are inputs and Q, K, V are outputs for
 * the backward graph.
 */
export function buildForwardGraph(cfg: ModelConfig, training: boolean): Uint8Array {
  assertOrtRelation(cfg);
  const g = new GraphBuilder(training ? 'branch_forward_train' : 'branch_forward');
  const fw = forward(g, cfg, training, inputWiring(g, cfg.featureDim));
  g.output(IO.scores, g.reshape(fw.s, [0, -1]), ['B', 'n']);
  if (training && fw.att)
    for (const k of ['q', 'k', 'v'] as const) g.output(IO[k], fw.att[k], ['B', 'n', cfg.featureDim]);
  return g.encode();
}

/**
 * Gradients of sum(scores * dscores) w.r.t. every branch weight, by hand: sigmoid, the three
 * linear layers (one for scorer 'linear'), relu, dropout, the residual, softmax over keys per head, and the Q/K/V
 * projections. Rows are flattened to [B * n, .] so each weight gradient is one GEMM over every
 * instance of the micro-batch. Outputs are named grad/<param> (branchParamSpecs names).
 */
export function buildBackwardGraph(cfg: ModelConfig): Uint8Array {
  assertOrtRelation(cfg);
  const d = cfg.featureDim,
    H = cfg.heads,
    dh = d / H;
  const [h1w, h2w] = cfg.hidden;
  const g = new GraphBuilder('branch_backward');
  const qkv =
    cfg.relation === 'attention'
      ? { q: g.input(IO.q, ['B', 'n', d]), k: g.input(IO.k, ['B', 'n', d]), v: g.input(IO.v, ['B', 'n', d]) }
      : undefined;
  const fw = forward(g, cfg, true, inputWiring(g, d), qkv);
  const dS = g.input(IO.dScores, ['B', 'n']);
  const flat = (t: string, width: number) => g.reshape(t, [-1, width]);
  const tr = (t: string) => g.transpose(t, [1, 0]);
  const out = (param: string, value: string, dims: number[]) => g.output(IO.grad(param), value, dims);
  const dense = (input: string, dOut: string, width: number, name: string, outWidth: number) => {
    out(`${name}/kernel`, g.matmul(tr(flat(input, width)), dOut), [width, outWidth]);
    out(`${name}/bias`, g.sum(dOut, [0], 0), [outWidth]);
  };
  // sigmoid: ds/dz = s (1 - s)
  const s = flat(fw.s, 1);
  const dz = g.mul(g.mul(flat(dS, 1), s), g.sub(g.scalar(1), s));
  // The scorer's first layer and the gradient at its output: what the relation's backward starts from.
  let first: { dOut: string; kernel: string };
  if (fw.mlp) {
    const { a1, h1, a2, h2 } = fw.mlp;
    dense(h2, dz, h2w, 'fc3', 1);
    // dropout: the same keep-mask scales the gradient; relu: its step at the pre-activation
    let da2 = g.mul(g.matmul(dz, tr('fc3/kernel')), flat(IO.drop2, h2w));
    if (cfg.hidden2Activation === 'relu') da2 = g.mul(da2, g.step(flat(a2, h2w)));
    dense(h1, da2, h1w, 'fc2', h2w);
    const da1 = g.mul(g.mul(g.matmul(da2, tr('fc2/kernel')), flat(IO.drop1, h1w)), g.step(flat(a1, h1w)));
    dense(fw.f, da1, d, 'fc1', h1w);
    first = { dOut: da1, kernel: 'fc1/kernel' };
  } else {
    dense(fw.f, dz, d, 'fc3', 1);
    first = { dOut: dz, kernel: 'fc3/kernel' };
  }
  if (fw.att) {
    // residual: dO = dF (dX is not needed: X is the constant input)
    const headsOf = (t: string) => g.transpose(g.reshape(t, [0, 0, H, dh]), [0, 2, 1, 3]);
    const dF = g.reshape(g.matmul(first.dOut, tr(first.kernel)), g.op('Shape', [fw.x]));
    // centring: dO_j = dF_j - mask_j * (masked mean of dF over the bag)
    const dO =
      cfg.attentionCentering === 'bag-mean'
        ? g.sub(dF, g.mul(bagMean(g, dF, fw.mask), g.reshape(fw.mask, [0, 0, 1])))
        : dF;
    const doh = headsOf(dO);
    const { p, qh, kh, vh } = fw.att;
    const dP = g.matmul(doh, g.transpose(vh, [0, 1, 3, 2]));
    const dvh = g.matmul(g.transpose(p, [0, 1, 3, 2]), doh);
    // softmax over keys: dlogits = P * (dP - sum_j dP_j P_j), then the 1/sqrt(dh) scale
    const dl = g.mul(g.mul(p, g.sub(dP, g.sum(g.mul(dP, p), [-1], 1))), g.scalar(1 / Math.sqrt(dh)));
    const dqh = g.matmul(dl, kh);
    const dkh = g.matmul(g.transpose(dl, [0, 1, 3, 2]), qh);
    const merge = (t: string) => g.reshape(g.transpose(t, [0, 2, 1, 3]), [-1, d]);
    const xT = tr(flat(fw.x, d));
    out('attn/wq', g.matmul(xT, merge(dqh)), [d, d]);
    out('attn/wk', g.matmul(xT, merge(dkh)), [d, d]);
    out('attn/wv', g.matmul(xT, merge(dvh)), [d, d]);
  }
  return g.encode();
}
