import {
  ConfigError,
  NumericError,
  Rng,
  createProgress,
  hashJson,
  lookup,
  silentLogger,
  type Logger,
} from '@wsstad/core';
import {
  branchParamSpecs,
  createModel,
  fitInputStandardizers,
  fitStandardizer,
  type ModelConfig,
  type OrtBranchEngine,
  type Tf,
  type TrainableBranch,
  type TrainableModel,
} from '@wsstad/relationship-module';
import { Adam } from './adam';
import { scoreBags, scoreInstancesAlone, videoScores } from './batch';
import { loadCheckpoint, removeCheckpoint, saveCheckpoint, type Trainee } from './checkpoint';
import { modelConfigFor } from './config';
import { attachTrainEngines } from './ort';
import { rocAuc } from './report';
import { branchStep } from './step';
import type { BagInput, TrainConfig, TrainLogRow, Variant, VideoBags } from './types';
import { VARIANTS } from './variants';

export interface TrainOptions {
  seed: number;
  log?: Logger;
  /** Where resumable checkpoints go; a matching checkpoint there is resumed from. */
  checkpointDir?: string;
  signal?: AbortSignal;
  /** Stop (after checkpointing) once this many iterations are done in total: simulates an interruption. */
  stopAfter?: number;
  /**
   * Called after every iteration (tests watch tensor counts; tools/bench/learning-curve.ts scores
   * held-out sets): `engine` is the run's onnxruntime engine (undefined on tfjs), for scoring on it.
   */
  onIteration?: (iteration: number, tf: Tf, model: TrainableModel, engine: OrtBranchEngine | undefined) => void;
}

export interface TrainResult {
  model: TrainableModel;
  log: TrainLogRow[];
  best: { iteration: number; vauc: number } | null;
  trainIds: string[];
  validationIds: string[];
  /** False when stopAfter ended the run early. */
  completed: boolean;
}

interface Prepared {
  id: string;
  label: number;
  region: BagInput;
  image: BagInput;
  videolets: BagInput;
}

/** Hold out validationFraction of each label (seeded), so model selection only ever sees video-level labels. */
export function splitValidation(
  videos: readonly VideoBags[],
  fraction: number,
  seed: number,
): { train: VideoBags[]; validation: VideoBags[] } {
  const rng = new Rng(`split/${seed}`);
  const val = new Set<string>();
  for (const label of ['abnormal', 'normal'] as const) {
    const ids = rng.shuffle(
      videos
        .filter((v) => v.label === label)
        .map((v) => v.id)
        .sort(),
    );
    const k = ids.length >= 2 && fraction > 0 ? Math.max(1, Math.round(ids.length * fraction)) : 0;
    ids.slice(0, k).forEach((id) => val.add(id));
  }
  return { train: videos.filter((v) => !val.has(v.id)), validation: videos.filter((v) => val.has(v.id)) };
}

/** Algorithm 3: alternately train the temporal branch (tube frozen) and the tube branch (temporal frozen). */
export async function trainMgpr(
  videos: readonly VideoBags[],
  config: TrainConfig,
  opts: TrainOptions,
): Promise<TrainResult> {
  const log = opts.log ?? silentLogger;
  const variant = lookup(VARIANTS, config.variant, 'training variant');
  if (videos.length === 0)
    throw new ConfigError('no training videos', { hint: 'the manifest needs train-split videos with artifacts' });
  const dim = videos[0]!.dim;
  const odd = videos.find((v) => v.dim !== dim);
  if (odd)
    throw new ConfigError(`video ${odd.id} has ${odd.dim}-d features, others ${dim}-d`, {
      hint: 'extract all videos with one backbone',
    });
  const { train, validation } = splitValidation(videos, config.validationFraction, opts.seed);
  const trainAbn = train.filter((v) => v.label === 'abnormal');
  const trainNor = train.filter((v) => v.label === 'normal');
  if (!trainAbn.length || !trainNor.length)
    throw new ConfigError(
      `training needs abnormal and normal videos (got ${trainAbn.length} abnormal, ${trainNor.length} ` +
        `normal after the validation hold-out)`,
      { hint: 'add videos of both labels or lower validationFraction' },
    );

  const mcfg: ModelConfig = modelConfigFor(config, dim);
  const model = await createModel(mcfg, opts.seed);
  const engines = await attachTrainEngines(config, model, log);
  try {
    const run = { videos, train, trainAbn, trainNor, validation, model, mcfg, engine: engines.ort, variant };
    return await algorithm3(run, config, opts);
  } catch (e) {
    model.dispose(); // the caller never sees it
    throw e;
  } finally {
    engines.release(); // onnxruntime's native sessions, also when an iteration throws
  }
}

interface Run {
  videos: readonly VideoBags[];
  /** The training split in splitValidation's order (the normaliser's sums and trainIds depend on it). */
  train: VideoBags[];
  trainAbn: VideoBags[];
  trainNor: VideoBags[];
  validation: VideoBags[];
  model: TrainableModel;
  mcfg: ModelConfig;
  /** Every scoreBags / branchStep of the run computes on it (undefined = tfjs). */
  engine: OrtBranchEngine | undefined;
  variant: Variant;
}

async function algorithm3(r: Run, config: TrainConfig, opts: TrainOptions): Promise<TrainResult> {
  const { videos, train, trainAbn, trainNor, validation, model, mcfg, engine, variant } = r;
  const log = opts.log ?? silentLogger;
  const tf = model.tf;
  const dim = mcfg.featureDim;
  const regionRows = train.map((v) => ({ features: v.tube.region, n: v.tube.n }));
  const frameRows = train.flatMap((v) => [
    { features: v.tube.image, n: v.tube.n },
    { features: v.temporal.features, n: v.temporal.n },
  ]);
  if (config.normalizer === 'standardize') {
    model.setNormalizer(
      fitStandardizer(
        train.flatMap((v) => [
          { features: v.tube.region, n: v.tube.n },
          { features: v.tube.image, n: v.tube.n },
          { features: v.temporal.features, n: v.temporal.n },
        ]),
        dim,
      ),
    );
  } else if (config.normalizer === 'standardize-per-input')
    model.setNormalizer(fitInputStandardizers(regionRows, frameRows, dim));
  const prep = (v: VideoBags): Prepared => ({
    id: v.id,
    label: v.label === 'abnormal' ? 1 : 0,
    region: { features: model.normalize(v.tube.region, v.tube.n, 'region'), n: v.tube.n, positions: v.tube.positions },
    image: { features: model.normalize(v.tube.image, v.tube.n, 'frame'), n: v.tube.n, positions: v.tube.positions },
    videolets: {
      features: model.normalize(v.temporal.features, v.temporal.n, 'frame'),
      n: v.temporal.n,
      positions: v.temporal.positions,
    },
  });
  const pAbn = trainAbn.map(prep),
    pNor = trainNor.map(prep),
    pVal = validation.map(prep);

  const trainTube = variant.branches !== 'temporal';
  const trainTemporal = variant.branches !== 'tube';
  const guided = variant.loss.includes('mg-rank') && variant.branches === 'dual';
  const { tube, temporal } = model.branches;
  // The relation's projections may take their own learning rate; the scorer takes learningRate. Both branches share
  // one architecture, so one list (branchParamSpecs order = variable order) serves both.
  const relLr = config.relationLearningRate ?? config.learningRate;
  const lrs = branchParamSpecs(model.config).map((s) => (s.part === 'relation' ? relLr : config.learningRate));
  const adamOf = (b: TrainableBranch) => new Adam(tf, b.variables, { lr: lrs });
  const trainees: Trainee[] = [
    { branch: tube, adam: trainTube ? adamOf(tube) : undefined },
    { branch: temporal, adam: trainTemporal ? adamOf(temporal) : undefined },
  ];
  const fingerprint = hashJson({ config, seed: opts.seed, videos: videos.map((v) => [v.id, v.label]), dim });
  let rows: TrainLogRow[] = [];
  let best: TrainResult['best'] = null;
  let bestSnap: Float32Array[][] | null = null;
  let start = 0;
  if (opts.checkpointDir) {
    const ck = loadCheckpoint(tf, opts.checkpointDir, fingerprint, trainees);
    if (ck) {
      ({ log: rows, best, iteration: start } = ck.state);
      bestSnap = ck.bestSnapshot;
      log.info(`resuming from checkpoint at iteration ${start}`);
    }
  }
  const budget = config.memoryBudgetMB;
  const snapshot = () =>
    trainees.map(({ branch }) => branch.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)));
  const validate = (it: number) => {
    if (!pVal.length) return;
    const scores = videoScores(
      tf,
      model,
      pVal.map((p) => p.region),
      pVal.map((p) => p.image),
      budget,
      engine,
    );
    const vauc = rocAuc(
      scores,
      pVal.map((p) => p.label),
    );
    rows.push({ kind: 'validation', iteration: it, vauc, videos: pVal.length });
    if (config.selectBest && Number.isFinite(vauc) && (!best || vauc > best.vauc)) {
      best = { iteration: it, vauc };
      bestSnap = snapshot();
    }
    return vauc;
  };

  const step = (it: number, rng: Rng, batch: Prepared[], which: 'tube' | 'temporal') => {
    const br: TrainableBranch = which === 'tube' ? tube : temporal;
    const other: TrainableBranch = which === 'tube' ? temporal : tube;
    const bags = batch.map((p) => (which === 'tube' ? p.region : p.videolets));
    // The frozen counterpart scores the max instance's counterpart: the image-level tube (eq. 4) or the videolet fed as
    // a tube (eq. 5).
    let guidance: Array<Float32Array | undefined> | undefined;
    if (guided) {
      const counterpart = batch.map((p) => (which === 'tube' ? p.image : p.videolets));
      const abnIdx = batch.flatMap((p, i) => (p.label === 1 ? [i] : []));
      const scorer = config.guidance === 'in-bag' ? scoreBags : scoreInstancesAlone;
      const s = scorer(
        tf,
        other,
        mcfg,
        abnIdx.map((i) => counterpart[i]!),
        budget,
        engine,
      );
      guidance = batch.map(() => undefined);
      abnIdx.forEach((i, k) => {
        guidance![i] = s[k];
      });
    } else if (variant.loss.includes('mg-rank')) {
      guidance = batch.map((p) => new Float32Array(p.region.n + p.videolets.n).fill(1));
    }
    const res = branchStep(
      tf,
      br,
      mcfg,
      { bags, labels: batch.map((p) => p.label), guidance },
      {
        loss: variant.loss,
        pairing: config.pairing,
        smoothness: config.dmrmSmoothness,
        sparsity: config.dmrmSparsity,
        microBatch: config.microBatch,
        memoryBudgetMB: budget,
        dropoutSeed: rng.nextU32() % 1e8,
        guidanceWeights: config.guidanceWeights,
        engine,
      },
    );
    for (const [k, v] of Object.entries(res.losses)) {
      if (!Number.isFinite(v)) {
        res.grads.forEach((g) => g.dispose());
        throw new NumericError(
          `loss '${k}' of the ${which} branch is ${v} at iteration ${it} (variant ${config.variant})`,
          { hint: 'lower learningRate, check the features for NaN/Inf, or use normalizer standardize' },
        );
      }
    }
    trainees.find((t) => t.branch === br)!.adam!.step(res.grads);
    res.grads.forEach((g) => g.dispose());
    // No wall-clock time in the log: it is part of the model directory, whose bytes must depend on the
    // inputs and seed only (else every retraining breaks the early cutoff of infer and evaluate).
    rows.push({ kind: 'step', iteration: it, branch: which, losses: res.losses, total: res.total });
    return res.total;
  };

  const progress = createProgress({ total: config.iterations, label: `train ${config.variant}`, logger: log });
  if (start > 0) progress.tick(start);
  let completed = true;
  // Adam's moment tensors go also when an iteration throws (a NaN loss, an abort); trainMgpr
  // disposes the model and releases the engine.
  try {
    for (let it = start; it < config.iterations; it++) {
      if (opts.signal?.aborted) {
        if (opts.checkpointDir)
          saveCheckpoint(opts.checkpointDir, { fingerprint, iteration: it, log: rows, best }, trainees, bestSnap);
        throw new ConfigError(`training aborted at iteration ${it}`, {
          hint: opts.checkpointDir
            ? `run again with the same checkpoint directory to resume (${opts.checkpointDir})`
            : 'set a checkpoint directory to make runs resumable',
        });
      }
      const rng = new Rng(`train/${opts.seed}/${it}`);
      const batch = [
        ...rng.shuffle([...pAbn]).slice(0, config.batchAbnormal),
        ...rng.shuffle([...pNor]).slice(0, config.batchNormal),
      ];
      const notes: string[] = [];
      if (trainTemporal) notes.push(`temporal ${step(it, rng, batch, 'temporal').toFixed(4)}`);
      if (trainTube) notes.push(`tube ${step(it, rng, batch, 'tube').toFixed(4)}`);
      if ((it + 1) % config.validateEvery === 0 || it + 1 === config.iterations) {
        const vauc = validate(it + 1);
        if (vauc !== undefined) notes.push(`val VAUC ${vauc.toFixed(3)}`);
      }
      progress.tick(1, notes.join(' '));
      opts.onIteration?.(it + 1, tf, model, engine);
      const done = it + 1;
      if (
        opts.checkpointDir &&
        ((config.checkpointEvery > 0 && done % config.checkpointEvery === 0) || done === opts.stopAfter)
      ) {
        saveCheckpoint(opts.checkpointDir, { fingerprint, iteration: done, log: rows, best }, trainees, bestSnap);
      }
      if (done === opts.stopAfter && done < config.iterations) {
        completed = false;
        break;
      }
    }
  } finally {
    for (const t of trainees) t.adam?.dispose();
  }
  progress.done(
    best
      ? `best val VAUC ${(best as { vauc: number }).vauc.toFixed(3)} at ` +
          `iteration ${(best as { iteration: number }).iteration}`
      : '',
  );
  if (completed && config.selectBest && bestSnap) {
    const snap: Float32Array[][] = bestSnap;
    tf.tidy(() =>
      trainees.forEach(({ branch }, bi) =>
        branch.variables.forEach((v, i) => v.assign(tf.tensor(snap[bi]![i]!, v.shape))),
      ),
    );
  }
  if (completed && opts.checkpointDir && !config.keepCheckpoints) removeCheckpoint(opts.checkpointDir);
  return {
    model,
    log: rows,
    best,
    trainIds: train.map((v) => v.id),
    validationIds: validation.map((v) => v.id),
    completed,
  };
}
