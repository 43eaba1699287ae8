import { availableParallelism } from 'node:os';
import type * as ORT from 'onnxruntime-node';
import { createOrtSession, type Logger, type OrtDevice, type Rng } from '@wsstad/core';
import { branchParamSpecs } from '../branch';
import type { ModelConfig } from '../types';
import { IO, assertOrtRelation, buildBackwardGraph, buildForwardGraph } from './graphs';

/** Padded bags on the host: x is [b, n, D] row-major, mask [b, n] (1 = real instance). */
export interface HostBatch {
  x: Float32Array;
  mask: Float32Array;
  b: number;
  n: number;
}

/**
 * Dropout keep-masks, already scaled by 1/(1 - p): [b, n, hidden[0]] and [b, n, hidden[1]] (empty for scorer 'linear',
 * which has no hidden layers).
 */
export interface DropoutMasks {
  drop1: Float32Array;
  drop2: Float32Array;
}

/** What the training forward hands to the backward: the Q, K, V projections ([b, n, D]; attention only). */
export interface ForwardCache {
  q?: Float32Array;
  k?: Float32Array;
  v?: Float32Array;
}

export interface OrtEngineOptions {
  /** 'auto' tries the CUDA execution provider, then CPU (core createOrtSession's rules); CUDA is untested here. */
  device?: OrtDevice;
  /** Intra-op threads (default: every core Node reports). */
  threads?: number;
  log?: Logger;
}

/**
 * One branch's forward and backward on onnxruntime-node, for relation 'attention' or 'none'.
 * Weights are inputs of every call (branchParamSpecs order), so one engine serves any weights,
 * both branches and every step; the caller keeps the weights (the tf variables stay the source of truth).
 */
export interface OrtBranchEngine {
  readonly config: ModelConfig;
  readonly provider: 'cpu' | 'cuda';
  /** Inference scores [b * n] (no dropout). */
  score(weights: readonly Float32Array[], batch: HostBatch): Float32Array;
  /** Training-mode scores [b * n] with the given dropout masks, plus what backward needs. */
  forwardTrain(
    weights: readonly Float32Array[],
    batch: HostBatch,
    masks: DropoutMasks,
  ): { scores: Float32Array; cache: ForwardCache };
  /**
   * Gradients of sum(scores * dScores) w.r.t. every weight, in branchParamSpecs order. Pass the masks and cache of the
   * matching forwardTrain.
   */
  backward(
    weights: readonly Float32Array[],
    batch: HostBatch,
    masks: DropoutMasks,
    cache: ForwardCache,
    dScores: Float32Array,
  ): Float32Array[];
  dispose(): void;
}

/** The synchronous session object onnxruntime-node's public (async) InferenceSession wraps. */
interface SyncSession {
  loadModel(
    buffer: ArrayBuffer,
    byteOffset: number,
    byteLength: number,
    options: ORT.InferenceSession.SessionOptions,
  ): void;
  readonly inputMetadata: ReadonlyArray<{ name: string }>;
  readonly outputMetadata: ReadonlyArray<{ name: string }>;
  run(
    feeds: Record<string, ORT.Tensor>,
    fetches: Record<string, null>,
    options: ORT.InferenceSession.RunOptions,
  ): Record<string, ORT.Tensor>;
  dispose(): void;
}
interface Binding {
  binding: { InferenceSession: new () => SyncSession };
  initOrt(): void;
}

/**
 * Why the native binding and not InferenceSession.run: the public run is a Promise around this
 * very synchronous call (setImmediate + binding.run), and the trainer's scoreBags / branchStep are
 * synchronous APIs used from synchronous callbacks. The binding's typed interface ships in
 * onnxruntime-node/dist/binding.d.ts (pinned 1.30.0; the engine tests fail if it changes).
 */
function openSync(model: Uint8Array, options: ORT.InferenceSession.SessionOptions): SyncSession {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const b = require('onnxruntime-node/dist/binding') as Binding;
  b.initOrt();
  const s = new b.binding.InferenceSession();
  s.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, options);
  return s;
}

/**
 * Same-seed masks for pass 1 and pass 2: keep with probability 1 - p, kept values scaled by 1/(1 - p) (as tf.dropout).
 */
export function dropoutMasks(cfg: ModelConfig, b: number, n: number, rng: Rng): DropoutMasks {
  const p = cfg.dropout;
  const draw = (len: number) => {
    const m = new Float32Array(len);
    if (p === 0) return m.fill(1);
    const keep = 1 / (1 - p);
    for (let i = 0; i < len; i++) m[i] = rng.next() >= p ? keep : 0;
    return m;
  };
  if (cfg.scorer === 'linear') return { drop1: new Float32Array(0), drop2: new Float32Array(0) };
  return { drop1: draw(b * n * cfg.hidden[0]), drop2: draw(b * n * cfg.hidden[1]) };
}

export async function createOrtBranchEngine(
  config: ModelConfig,
  opts: OrtEngineOptions = {},
): Promise<OrtBranchEngine> {
  assertOrtRelation(config);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ort = require('onnxruntime-node') as typeof ORT;
  const threads = opts.threads ?? availableParallelism();
  const graphs = {
    infer: buildForwardGraph(config, false),
    train: buildForwardGraph(config, true),
    back: buildBackwardGraph(config),
  };
  // core decides the provider (device 'auto' | 'cpu' | 'cuda', its fallbacks and errors); the probe session is released
  // at once.
  const probe = await createOrtSession(graphs.infer, { device: opts.device, threads, log: opts.log });
  await probe.session.release();
  const sessionOpts: ORT.InferenceSession.SessionOptions = {
    executionProviders: [probe.provider],
    intraOpNumThreads: threads,
    graphOptimizationLevel: 'all',
  };
  const sessions = {
    infer: openSync(graphs.infer, sessionOpts),
    train: openSync(graphs.train, sessionOpts),
    back: openSync(graphs.back, sessionOpts),
  };
  const specs = branchParamSpecs(config);
  const d = config.featureDim;
  const [h1, h2] = config.hidden;
  let disposed = false;

  const run = (s: SyncSession, feeds: Record<string, ORT.Tensor>): Record<string, ORT.Tensor> => {
    if (disposed) throw new RangeError('onnxruntime branch engine used after dispose()');
    const wanted = new Set(s.inputMetadata.map((m) => m.name));
    const used = Object.fromEntries(Object.entries(feeds).filter(([k]) => wanted.has(k)));
    return s.run(used, Object.fromEntries(s.outputMetadata.map((m) => [m.name, null])), {});
  };
  const t = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
  const feedsOf = (
    weights: readonly Float32Array[],
    batch: HostBatch,
    masks?: DropoutMasks,
  ): Record<string, ORT.Tensor> => {
    if (weights.length !== specs.length)
      throw new RangeError(`expected ${specs.length} weight arrays (branchParamSpecs order), got ${weights.length}`);
    const { b, n } = batch;
    const feeds: Record<string, ORT.Tensor> = {
      [IO.x]: t(batch.x.subarray(0, b * n * d), [b, n, d]),
      [IO.mask]: t(batch.mask.subarray(0, b * n), [b, n]),
    };
    specs.forEach((s, i) => {
      feeds[s.name] = t(weights[i]!, s.shape);
    });
    if (masks && config.scorer === 'mlp') {
      feeds[IO.drop1] = t(masks.drop1, [b, n, h1]);
      feeds[IO.drop2] = t(masks.drop2, [b, n, h2]);
    }
    return feeds;
  };
  const data = (r: Record<string, ORT.Tensor>, name: string) => r[name]!.data as Float32Array;

  return {
    config,
    provider: probe.provider,
    score(weights, batch) {
      return data(run(sessions.infer, feedsOf(weights, batch)), IO.scores);
    },
    forwardTrain(weights, batch, masks) {
      const r = run(sessions.train, feedsOf(weights, batch, masks));
      const cache: ForwardCache =
        config.relation === 'attention' ? { q: data(r, IO.q), k: data(r, IO.k), v: data(r, IO.v) } : {};
      return { scores: data(r, IO.scores), cache };
    },
    backward(weights, batch, masks, cache, dScores) {
      const { b, n } = batch;
      const feeds = feedsOf(weights, batch, masks);
      feeds[IO.dScores] = t(dScores, [b, n]);
      if (config.relation === 'attention') {
        if (!cache.q || !cache.k || !cache.v)
          throw new RangeError('backward needs the Q, K, V cache of the matching forwardTrain');
        for (const k of ['q', 'k', 'v'] as const) feeds[IO[k]] = t(cache[k]!, [b, n, d]);
      }
      const r = run(sessions.back, feeds);
      return specs.map((s) => data(r, IO.grad(s.name)));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of Object.values(sessions)) s.dispose();
    },
  };
}
