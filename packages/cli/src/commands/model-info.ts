import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, diffParams, type FrontEnd } from '@wsstad/core';

/** What `wsstad infer` / `wsstad models` read of a trained model directory's model.json. */
export interface ModelInfo {
  dir: string;
  meta: Record<string, unknown>;
  /** The settings the model was trained on (null for models written before the front end was recorded). */
  frontEnd: FrontEnd | null;
}

export function readModelInfo(dir: string): ModelInfo {
  const path = join(dir, 'model.json');
  if (!existsSync(path))
    throw new ArtifactError('no model.json in the model directory', {
      file: dir,
      hint: 'pass the train stage output (`wsstad models <pipeline>` lists them)',
    });
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ArtifactError(`unreadable model.json: ${(e as Error).message}`, {
      file: path,
      hint: 'retrain or restore the model directory',
    });
  }
  return { dir, meta, frontEnd: (meta.frontEnd as FrontEnd | undefined) ?? null };
}

type Normalizers = Readonly<Record<'detect' | 'link' | 'features' | 'infer', (raw: unknown) => unknown>>;

export interface InferPlan {
  /** Normalised params per stage name, as the stages will run. */
  params: Record<'detect' | 'link' | 'features' | 'infer', unknown>;
  /** Dotted keys where the run differs from what the model was trained with (empty: same front end). */
  differing: string[];
  /** Where the front end came from. */
  source: 'model' | 'defaults';
}

/**
 * The stage params of one inference run: the model's recorded front end, then `--config` (stage ->
 * params) and `--detector` on top. Every stage's params are normalised so the comparison with
 * training sees filled defaults on both sides.
 */
export function planInference(
  model: ModelInfo,
  config: Record<string, unknown>,
  detector: unknown,
  norm: Normalizers,
): InferPlan {
  const fe = model.frontEnd;
  const trained = {
    detect: fe?.detect ?? undefined,
    link: fe?.link ?? undefined,
    features: fe?.features ?? undefined,
    infer: fe?.pooling ? { l2: fe.pooling } : undefined,
  };
  const merge = (base: unknown, over: unknown): unknown =>
    over && typeof over === 'object' && !Array.isArray(over) && base && typeof base === 'object'
      ? { ...(base as object), ...(over as object) }
      : (over ?? base);
  const raw = {
    detect: merge(trained.detect, config.detect),
    link: merge(trained.link, config.link),
    features: merge(trained.features, config.features),
    infer: merge(trained.infer, config.infer),
  };
  if (detector !== undefined) raw.detect = { ...((raw.detect as object | undefined) ?? {}), detector };
  const params = {
    detect: norm.detect(raw.detect),
    link: norm.link(raw.link),
    features: norm.features(raw.features),
    infer: norm.infer(raw.infer),
  };
  const differing: string[] = [];
  if (fe) {
    for (const k of ['detect', 'link', 'features'] as const) {
      if (trained[k] !== undefined) differing.push(...diffParams(norm[k](trained[k]), params[k], k));
    }
    // A different detector kind differs in every setting: name the kind change once.
    const kindChanged = differing.includes('detect.detector.kind');
    if (kindChanged)
      differing.splice(
        0,
        differing.length,
        'detect.detector (kind)',
        ...differing.filter((d) => !d.startsWith('detect.detector.')),
      );
    const l2 = (params.infer as { l2?: string }).l2;
    if (fe.pooling && l2 !== fe.pooling) differing.push('infer.l2');
  }
  return { params, differing, source: fe ? 'model' : 'defaults' };
}
