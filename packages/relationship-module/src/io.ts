import { ArtifactError, ConfigError, Rng, pickTfBackend } from '@wsstad/core';
import { branchParamSpecs } from './branch';
import { readBundle, writeBundle, type BundleTensor } from './bundle';
import { normalizeModelConfig } from './config';
import { MODEL_FORMAT_VERSION } from './defaults';
import { buildModel } from './model';
import type { DualBranchModel, FeatureNormalizer, TrainableModel } from './types';

const FORMAT = 'wsstad-dual-branch-model';
const BASE = 'model';

/** Current weights of both branches and the normaliser as named tensors. */
export async function modelTensors(model: DualBranchModel): Promise<BundleTensor[]> {
  const m = asTrainable(model);
  const out: BundleTensor[] = [];
  for (const br of [m.branches.tube, m.branches.temporal]) {
    for (let i = 0; i < br.variables.length; i++) {
      const v = br.variables[i]!;
      out.push({
        name: `${br.name}/${br.variableNames[i]}`,
        shape: v.shape.slice(),
        data: Float32Array.from((await v.data()) as Float32Array),
      });
    }
  }
  const n = m.getNormalizer();
  if (n.kind === 'standardize') {
    out.push(
      { name: 'normalizer/mean', shape: [m.featureDim], data: n.mean! },
      { name: 'normalizer/invStd', shape: [m.featureDim], data: n.invStd! },
    );
    if (n.frame) {
      out.push({ name: 'normalizer/frame/mean', shape: [m.featureDim], data: n.frame.mean });
      out.push({ name: 'normalizer/frame/invStd', shape: [m.featureDim], data: n.frame.invStd });
    }
  }
  return out;
}

/**
 * Save as a directory: model.json (format, version, featureDim, config, normaliser kind, tensor index) + model.bin
 * (float32).
 */
export async function saveModel(
  model: DualBranchModel,
  dir: string,
  extraMeta: Record<string, unknown> = {},
): Promise<void> {
  const m = asTrainable(model);
  writeBundle(
    dir,
    BASE,
    {
      ...extraMeta,
      format: FORMAT,
      version: MODEL_FORMAT_VERSION,
      featureDim: m.featureDim,
      config: m.config,
      normalizer: { kind: m.getNormalizer().kind },
    },
    await modelTensors(m),
  );
}

/**
 * Load a saved model; a model trained on another feature dimension fails with a ConfigError when expectFeatureDim is
 * given.
 */
export async function loadModel(dir: string, opts: { expectFeatureDim?: number } = {}): Promise<TrainableModel> {
  const { meta, tensors } = readBundle(dir, BASE);
  if (meta.format !== FORMAT)
    throw new ArtifactError(`not a saved model (format ${JSON.stringify(meta.format)})`, {
      file: dir,
      hint: `expected format '${FORMAT}' written by saveModel`,
    });
  if (meta.version !== MODEL_FORMAT_VERSION)
    throw new ArtifactError(
      `model format version ${String(meta.version)} is not supported (this code reads version ${MODEL_FORMAT_VERSION})`,
      { file: dir, hint: 'retrain the model with this version of the toolkit' },
    );
  const config = normalizeModelConfig(meta.config);
  if (opts.expectFeatureDim !== undefined && opts.expectFeatureDim !== config.featureDim) {
    throw new ConfigError(
      `model was trained on ${config.featureDim}-d features but the features given are ${opts.expectFeatureDim}-d`,
      {
        file: dir,
        hint:
          'score with features from the same backbone the model was trained on, or retrain the model ' +
          'on these features',
      },
    );
  }
  const specs = branchParamSpecs(config);
  const weightsOf = (branch: string) =>
    specs.map((s) => {
      const t = tensors.get(`${branch}/${s.name}`);
      if (!t || t.shape.join('x') !== s.shape.join('x'))
        throw new ArtifactError(
          `tensor ${branch}/${s.name} missing or of shape ${t?.shape.join('x') ?? 'none'} ` +
            `(expected ${s.shape.join('x')})`,
          { file: dir, hint: 'the directory does not match its config: retrain or restore it' },
        );
      return t.data;
    });
  const kind = (meta.normalizer as { kind?: string } | undefined)?.kind ?? 'none';
  let normalizer: FeatureNormalizer = { kind: 'none' };
  if (kind === 'standardize') {
    const mean = tensors.get('normalizer/mean');
    const invStd = tensors.get('normalizer/invStd');
    if (!mean || !invStd) throw new ArtifactError('standardize normaliser tensors missing', { file: dir });
    normalizer = { kind: 'standardize', mean: mean.data, invStd: invStd.data };
    const fm = tensors.get('normalizer/frame/mean'),
      fi = tensors.get('normalizer/frame/invStd');
    if (!fm !== !fi) {
      throw new ArtifactError('whole-frame normaliser tensors incomplete', {
        file: dir,
        hint: 'retrain or restore the model directory',
      });
    }
    if (fm && fi) normalizer.frame = { mean: fm.data, invStd: fi.data };
  }
  const { tf } = await pickTfBackend();
  return buildModel(
    tf,
    config,
    new Rng('load'),
    { tube: weightsOf('tube'), temporal: weightsOf('temporal') },
    normalizer,
  );
}

function asTrainable(model: DualBranchModel): TrainableModel {
  const m = model as TrainableModel;
  if (!m.branches)
    throw new ConfigError('saveModel needs a model created by createModel/loadModel', {
      hint: 'build models with createModel()',
    });
  return m;
}
