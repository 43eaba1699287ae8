import { resolve } from 'node:path';
import { externalFiles } from './external-files';
import type { Dataset, Pipeline, PlannedStage } from './types';

/**
 * What a stage's cache keys are computed from, known without a store (plan() adds the upstream
 * content hashes): the Nx plugin turns it into cache inputs, so Nx and the runner key on the same
 * things. Listed: the implementation and its package (code version = that package's closure of
 * production sources), the normalised params, seed and splits, the dataset spec, the upstream
 * stages, and the per-video files read from outside the store (`videoFiles`).
 */
export interface KeyDependencies {
  uses: string;
  /** Package whose source closure is the code version. */
  package: string;
  version: string;
  paramsHash: string;
  seed: number;
  splits: ReadonlyArray<'train' | 'test'> | null;
  dataset: Pipeline['dataset'];
  inputs: PlannedStage['inputs'];
  /** Upstream stage names (distinct, in binding order). */
  upstream: string[];
  /** Absolute paths of the external per-video files (empty without a dataset). */
  externalFiles: string[];
}

export function keyDependencies(p: Pipeline, stage: string, dataset?: Dataset): KeyDependencies {
  const s = p.stages.find((x) => x.name === stage);
  if (!s) throw new Error(`no stage '${stage}' in pipeline '${p.name}'`);
  const files = (dataset?.videos ?? []).flatMap((v) => externalFiles(s, v, dataset!.dir).map((f) => resolve(f.path)));
  return {
    uses: s.uses,
    package: s.def.package,
    version: s.def.version,
    paramsHash: s.paramsHash,
    seed: p.seed,
    splits: s.splits ?? null,
    dataset: p.dataset,
    inputs: s.inputs,
    upstream: [...new Set(s.inputs.map((b) => b.fromStage))],
    externalFiles: files,
  };
}
