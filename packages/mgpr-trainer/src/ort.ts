import type * as TF from '@tensorflow/tfjs';
import { ConfigError, Rng, UnavailableError, type Logger } from '@wsstad/core';
import {
  ORT_RELATIONS,
  createOrtBranchEngine,
  dropoutMasks,
  type DropoutMasks,
  type RelationKind,
  type TrainableModel,
  type ForwardCache,
  type OrtBranchEngine,
  type Tf,
  type TrainableBranch,
} from '@wsstad/relationship-module';
import { hostBatch } from './pad';
import { lap, type StepProfile } from './profile';
import type { BagInput, TrainConfig, TrainEngine } from './types';

/**
 * The engine a training run uses: 'auto' = onnxruntime where it implements the relation ('attention', 'none'), else
 * tfjs ('gcn').
 */
export function resolveEngine(engine: TrainEngine, relation: RelationKind): 'tfjs' | 'onnxruntime' {
  const ortCan = (ORT_RELATIONS as readonly string[]).includes(relation);
  if (engine === 'auto') return ortCan ? 'onnxruntime' : 'tfjs';
  if (engine === 'onnxruntime' && !ortCan) {
    throw new ConfigError(
      `train config: engine 'onnxruntime' does not implement relation '${relation}'; allowed engines ` +
        `for it: 'tfjs' | 'auto'`,
      { hint: "set engine to 'auto' (onnxruntime where it can, tfjs for gcn) or 'tfjs'" },
    );
  }
  return engine;
}

/**
 * The compute engine of one training run, passed explicitly to everything that scores or steps a
 * branch (scoreBags, videoScores, branchStep via StepOptions.engine, onIteration): `ort` is the
 * onnxruntime engine serving both branches (the graphs depend on the architecture only), undefined
 * for tfjs. `release()` disposes its sessions; trainMgpr calls it in a `finally`.
 */
export interface TrainEngines {
  readonly ort: OrtBranchEngine | undefined;
  release(): void;
}

const TFJS: TrainEngines = Object.freeze({ ort: undefined, release: () => undefined });

/**
 * Create the engine the config asks for: onnxruntime when resolveEngine says so and the native
 * binding runs in this process, else tfjs (an explicit 'onnxruntime' that cannot run fails).
 */
export async function attachTrainEngines(
  config: Pick<TrainConfig, 'engine' | 'engineDevice'>,
  model: TrainableModel,
  log?: Logger,
): Promise<TrainEngines> {
  if (resolveEngine(config.engine, model.config.relation) !== 'onnxruntime') return TFJS;
  const engine = await createOrtBranchEngine(model.config, { device: config.engineDevice, log });
  try {
    // One tiny run proves the native binding works in this process. It does not inside a Jest
    // sandbox without a shared-typed-array environment (jest.env.js): the binding's outputs are
    // main-realm arrays. 'auto' then stays on tfjs; an explicit 'onnxruntime' fails loudly.
    const x = new Float32Array(model.config.featureDim);
    engine.score(readWeights(model.branches.tube), { x, mask: Float32Array.of(1), b: 1, n: 1 });
  } catch (e) {
    engine.dispose();
    if (config.engine !== 'auto') {
      throw new UnavailableError(`onnxruntime engine does not run here: ${(e as Error).message}`, {
        cause: e,
        hint:
          "use engine 'tfjs'; under Jest, use a test environment that shares Node's typed arrays " +
          "(the repository's jest.env.js, which jest.preset.js uses)",
      });
    }
    log?.warn(`onnxruntime engine unavailable (${(e as Error).message.split('\n')[0]}); training on tfjs`);
    return TFJS;
  }
  log?.info(`training engine: onnxruntime (${engine.provider})`);
  let released = false;
  return {
    ort: engine,
    release: () => {
      if (!released) {
        released = true;
        engine.dispose();
      }
    },
  };
}

/**
 * The branch's current weights (branchParamSpecs order), read once per call: the tf variables stay the source of truth.
 */
export function readWeights(branch: TrainableBranch): Float32Array[] {
  return branch.variables.map((v) => v.dataSync() as Float32Array);
}

/** Inference scores of `bags` in the given groups, one array per bag (the ORT half of scoreBags). */
export function ortScoreBags(
  engine: OrtBranchEngine,
  branch: TrainableBranch,
  bags: readonly BagInput[],
  groups: readonly number[][],
): Float32Array[] {
  const w = readWeights(branch);
  const out: Float32Array[] = new Array(bags.length);
  for (const g of groups) {
    const batch = hostBatch(bags, g, engine.config.featureDim);
    const s = engine.score(w, batch);
    g.forEach((bi, j) => {
      out[bi] = s.slice(j * batch.n, j * batch.n + bags[bi]!.n);
    });
  }
  return out;
}

/** The two passes of exact gradient accumulation over micro-batches (see branchStep). */
export interface TwoPass {
  /** Pass 1: training-mode scores of group k, [group size, n] padded to the group's longest bag. */
  forward(k: number, group: readonly number[]): { scores: Float32Array; n: number };
  /** Before pass 2: the accumulator's initial value (the L2 gradients; ownership passes to the TwoPass). */
  start(init: TF.Tensor[]): void;
  /** Pass 2: add the gradient of sum(scores * dScores) over group k (dScores [group size, n]). */
  backward(k: number, group: readonly number[], dScores: Float32Array, n: number): void;
  /** init + the summed gradients, as tf tensors in variable order (the caller disposes them). */
  finish(): TF.Tensor[];
}

/**
 * The onnxruntime TwoPass: weights read once per step; dropout masks from core's Rng seeded by
 * (dropoutSeed, group), kept with the forward's Q/K/V cache so pass 2 sees exactly pass 1's masks.
 */
export function ortTwoPass(
  tf: Tf,
  engine: OrtBranchEngine,
  branch: TrainableBranch,
  bags: readonly BagInput[],
  dropoutSeed: number,
  prof?: StepProfile,
): TwoPass {
  const w = lap(prof, 'read weights (tf -> host)', () => readWeights(branch));
  const dim = engine.config.featureDim;
  // Per group, what pass 2 needs from pass 1: the padded batch (padding it again cost as much as
  // the copy it saves), the dropout masks and the Q/K/V cache.
  const kept = new Map<number, { batch: ReturnType<typeof hostBatch>; masks: DropoutMasks; cache: ForwardCache }>();
  let acc: Float32Array[] | undefined;
  let init: TF.Tensor[] = [];
  return {
    start(t) {
      init = t;
    },
    forward(k, group) {
      const batch = lap(prof, 'host padding', () => hostBatch(bags, group, dim));
      const masks = lap(prof, 'dropout masks', () =>
        dropoutMasks(engine.config, batch.b, batch.n, new Rng(`dropout/${dropoutSeed}/${k}`)),
      );
      const { scores, cache } = lap(prof, 'forward (onnxruntime)', () => engine.forwardTrain(w, batch, masks));
      kept.set(k, { batch, masks, cache });
      return { scores, n: batch.n };
    },
    backward(k, group, dScores) {
      const state = kept.get(k);
      if (!state) throw new RangeError(`pass 2 of micro-batch ${k} before its pass 1`);
      if (state.batch.b !== group.length)
        throw new RangeError(`pass 2 of micro-batch ${k} with ${group.length} bags, pass 1 had ${state.batch.b}`);
      const grads = lap(prof, 'backward (onnxruntime)', () =>
        engine.backward(w, state.batch, state.masks, state.cache, dScores),
      );
      kept.delete(k); // frees this group's Q/K/V as soon as it is used
      lap(prof, 'gradient accumulation', () => {
        if (!acc) acc = grads;
        else
          acc.forEach((a, i) => {
            const g = grads[i]!;
            for (let j = 0; j < a.length; j++) a[j]! += g[j]!;
          });
      });
    },
    finish() {
      const out = branch.variables.map((v, i) =>
        tf.tidy(() => (acc ? tf.add(init[i]!, tf.tensor(acc[i]!, v.shape)) : tf.clone(init[i]!))),
      );
      tf.dispose(init);
      return out;
    },
  };
}
