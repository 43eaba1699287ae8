import type * as TF from '@tensorflow/tfjs';
import type { ModelConfig, OrtBranchEngine, Tf, TrainableBranch } from '@wsstad/relationship-module';
import { argmaxPerBag, milLosses, type LossContext } from './losses';
import { disposeBatch, microBatches, padBags, type BagInput } from './batch';
import { ortTwoPass, type TwoPass } from './ort';
import { lap, type StepProfile } from './profile';
import type { GuidanceWeights } from './types';

export interface StepInput {
  bags: readonly BagInput[];
  labels: readonly number[];
  /** Per bag: the frozen other branch's score of each instance's counterpart (mg-rank only; abnormal bags). */
  guidance?: ReadonlyArray<Float32Array | undefined>;
}

export interface StepOptions extends Omit<LossContext, 'mask' | 'labels' | 'guidance'> {
  microBatch: number;
  memoryBudgetMB: number;
  dropoutSeed: number;
  /** When given, milliseconds per phase are added to it (bench/step.ts's iteration profile). */
  profile?: StepProfile;
  /** 'batch-mean': guidance weights divided by their mean over the batch's guided bags (see scaleGuidance). */
  guidanceWeights?: GuidanceWeights;
  /** The onnxruntime engine to compute on (TrainEngines.ort); absent = tfjs. */
  engine?: OrtBranchEngine;
}

export interface StepResult {
  /** Gradients aligned with branch.variables; the caller disposes them. */
  grads: TF.Tensor[];
  losses: Record<string, number>;
  total: number;
  microBatches: number;
}

/**
 * Loss and gradients of one branch on one mini-batch. When the bags fit one micro-batch this is
 * a single forward/backward. Otherwise it is exact gradient accumulation for a loss that couples
 * bags (pairs, max instances): pass 1 computes every bag's scores without a tape, the loss
 * gradient w.r.t. those scores is taken on the small [B, N] score matrix, and pass 2 back-propagates
 * sum(scores * dL/dscores) per micro-batch with the same dropout seeds, so pass 1 and 2 see the same masks.
 * With an onnxruntime engine (opts.engine; trainMgpr passes it for config.engine) a step
 * always takes the two-pass route on that engine: pass 1 also keeps Q, K, V for pass 2, the loss
 * gradient stays in tfjs (milLosses), and the summed gradients come back as tf tensors.
 */
export function branchStep(
  tf: Tf,
  branch: TrainableBranch,
  cfg: ModelConfig,
  input: StepInput,
  opts: StepOptions,
): StepResult {
  const groups = microBatches(cfg, input.bags, opts.microBatch, opts.memoryBudgetMB);
  const lengths = input.bags.map((b) => b.n);
  const losses: Record<string, number> = {};
  const guidanceAt = (host: Float32Array, n: number): number[] | undefined => {
    if (!input.guidance) return undefined;
    const am = argmaxPerBag(host, n, lengths);
    return scaleGuidance(
      am.map((i, b) => input.guidance![b]?.[i]),
      opts.guidanceWeights ?? 'raw',
    );
  };
  const lossOf = (scores: TF.Tensor2D, mask: TF.Tensor2D, host: Float32Array, n: number): TF.Scalar => {
    const parts = milLosses(tf, scores, { ...opts, mask, labels: input.labels, guidance: guidanceAt(host, n) });
    for (const [k, v] of Object.entries(parts)) losses[k] = v.dataSync()[0]!;
    const vals = Object.values(parts);
    return (vals.length ? tf.addN(vals) : tf.scalar(0)) as TF.Scalar;
  };
  const vars = branch.variables as TF.Variable[];
  const l2 = (): TF.Scalar => {
    const p = branch.l2Penalty();
    losses.l2 = p.dataSync()[0]!;
    return p;
  };
  const ordered = (g: TF.NamedTensorMap) => orderedGrads(tf, vars, g);

  const engine = opts.engine;
  if (!engine && groups.length === 1) {
    const batch = padBags(tf, input.bags, cfg.featureDim);
    const { value, grads } = tf.variableGrads(() => {
      const s = branch.forward(batch, { training: true, dropoutSeed: opts.dropoutSeed });
      return tf.add(lossOf(s, batch.mask, s.dataSync() as Float32Array, batch.n), l2()) as TF.Scalar;
    }, vars);
    const total = value.dataSync()[0]!;
    value.dispose();
    disposeBatch(batch);
    return { grads: ordered(grads), losses, total, microBatches: 1 };
  }

  // Pass 1: scores of every bag (training mode, no tape).
  const prof = opts.profile;
  const passes = engine
    ? ortTwoPass(tf, engine, branch, input.bags, opts.dropoutSeed, prof)
    : tfjsTwoPass(tf, branch, cfg, input.bags, opts.dropoutSeed);
  const nMax = Math.max(1, ...lengths);
  const host = new Float32Array(input.bags.length * nMax);
  const hostMask = new Float32Array(input.bags.length * nMax);
  const widths = groups.map((g, k) => {
    const { scores, n } = passes.forward(k, g);
    g.forEach((bi, j) => {
      host.set(scores.subarray(j * n, j * n + lengths[bi]!), bi * nMax);
      hostMask.fill(1, bi * nMax, bi * nMax + lengths[bi]!);
    });
    return n;
  });
  // dL/dscores on the small score matrix.
  const dHost = lap(prof, 'losses and dL/dscores (tfjs)', () => {
    const dS = tf.tidy(() => {
      const mask = tf.tensor2d(hostMask, [input.bags.length, nMax]);
      return tf.grad((s: TF.Tensor) => lossOf(s as TF.Tensor2D, mask, host, nMax))(
        tf.tensor2d(host, [input.bags.length, nMax]),
      );
    });
    const d = dS.dataSync() as Float32Array;
    dS.dispose();
    return d;
  });
  // Pass 2: back-propagate per micro-batch and accumulate.
  lap(prof, 'L2 penalty gradient (tfjs)', () => {
    const l2Grad = tf.variableGrads(() => l2(), vars);
    l2Grad.value.dispose();
    passes.start(ordered(l2Grad.grads));
  });
  groups.forEach((g, k) => {
    const n = widths[k]!;
    const w = new Float32Array(g.length * n);
    g.forEach((bi, j) => w.set(dHost.subarray(bi * nMax, bi * nMax + lengths[bi]!), j * n));
    passes.backward(k, g, w, n);
  });
  const acc = lap(prof, 'gradients to tf tensors (+ L2)', () => passes.finish());
  const total = Object.values(losses).reduce((s, v) => s + v, 0);
  return { grads: acc, losses, total, microBatches: groups.length };
}

/** variableGrads' named gradients in variable order, zeros for a variable the loss does not reach. */
function orderedGrads(tf: Tf, vars: readonly TF.Variable[], g: TF.NamedTensorMap): TF.Tensor[] {
  return vars.map((v) => g[v.name] ?? tf.zerosLike(v));
}

/** The tfjs TwoPass: forward without a tape, then variableGrads per micro-batch with the same dropout seeds. */
function tfjsTwoPass(
  tf: Tf,
  branch: TrainableBranch,
  cfg: ModelConfig,
  bags: readonly BagInput[],
  dropoutSeed: number,
): TwoPass {
  const vars = branch.variables as TF.Variable[];
  let acc: TF.Tensor[] = [];
  const pad = (g: readonly number[]) =>
    padBags(
      tf,
      g.map((i) => bags[i]!),
      cfg.featureDim,
    );
  return {
    forward(k, g) {
      const batch = pad(g);
      const s = branch.forward(batch, { training: true, dropoutSeed: dropoutSeed + k });
      const scores = s.dataSync() as Float32Array;
      s.dispose();
      disposeBatch(batch);
      return { scores, n: batch.n };
    },
    backward(k, g, dScores, n) {
      const batch = pad(g);
      const wT = tf.tensor2d(dScores, [g.length, n]);
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(branch.forward(batch, { training: true, dropoutSeed: dropoutSeed + k }), wT)) as TF.Scalar,
        vars,
      );
      value.dispose();
      orderedGrads(tf, vars, grads).forEach((gr, i) => {
        const prev = acc[i]!;
        acc[i] = tf.add(prev, gr);
        prev.dispose();
        gr.dispose();
      });
      wT.dispose();
      disposeBatch(batch);
    },
    start(init) {
      acc = [...init];
    },
    finish: () => acc,
  };
}

/**
 * Per-bag weights of eq. 4/5 from the counterpart's score of each bag's max instance (undefined for
 * unguided bags: weight 1). 'raw' uses the probabilities as they are (the paper's text). With
 * cross-entropy every score drifts towards 0 within a few dozen iterations, so raw weights of about
 * 0.01 switch the ranking term off (issue 15: mgRank 0.0005-0.03 against CE 0.7-2.0).
 * 'batch-mean' divides them by their mean over the guided bags: the counterpart still decides which
 * abnormal bags count more, relative to each other, at the scale of the unweighted ranking loss.
 */
export function scaleGuidance(raw: ReadonlyArray<number | undefined>, mode: GuidanceWeights): number[] {
  const guided = raw.filter((w): w is number => w !== undefined);
  const mean = guided.reduce((a, b) => a + b, 0) / Math.max(1, guided.length);
  const scale = mode === 'batch-mean' && mean > 0 ? 1 / mean : 1;
  return raw.map((w) => (w === undefined ? 1 : w * scale));
}
