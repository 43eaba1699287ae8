import { UnavailableError } from '@wsstad/core';
import { readModelMeta } from './report/overview';
import type { BranchScorer, ModelCandidates, ModelLoader, ScoringModel } from './types';

/**
 * Adapt whatever `@wsstad/relationship-module`'s loadModel returns to the evaluator's view: a branch
 * is present when the object has it and the model config does not leave it out.
 */
export function asScoringModel(raw: unknown): ScoringModel {
  const m = raw as {
    featureDim: number;
    tube?: BranchScorer | null;
    temporal?: BranchScorer | null;
    config?: { branches?: unknown };
    normalize?: (f: Float32Array, n: number, input?: 'region' | 'frame') => Float32Array;
    dispose?: () => void;
  };
  // relationship-module: config.branches is 'dual' | 'tube' | 'temporal', and a single-branch model
  // exposes its one branch under both names, so the config (not the object) says which exists.
  const set = m.config?.branches;
  const listed =
    typeof set === 'string'
      ? set === 'dual' || set === 'both'
        ? ['tube', 'temporal']
        : [set]
      : Array.isArray(set)
        ? (set as string[])
        : null;
  const has = (b: 'tube' | 'temporal') => !!m[b] && (listed === null || listed.includes(b));
  return {
    featureDim: m.featureDim,
    tube: has('tube') ? m.tube! : null,
    temporal: has('temporal') ? m.temporal! : null,
    normalize: m.normalize ? m.normalize.bind(m) : (f) => f,
    dispose: () => m.dispose?.(),
  };
}

/**
 * The default loader: `@wsstad/relationship-module`'s loadModel, imported lazily so tests with fakes never load
 * TensorFlow.js.
 */
export const loadRelationshipModel: ModelLoader = async (dir, opts) => {
  let mod: { loadModel?: (d: string, o: { expectFeatureDim?: number }) => Promise<unknown> };
  try {
    mod = (await import('@wsstad/relationship-module')) as never;
  } catch (e) {
    throw new UnavailableError('@wsstad/relationship-module could not be loaded', {
      cause: e,
      hint: 'check the workspace install',
    });
  }
  if (typeof mod.loadModel !== 'function')
    throw new UnavailableError('@wsstad/relationship-module does not export loadModel');
  return { ...asScoringModel(await mod.loadModel(dir, opts)), ...modelCandidatesOf(dir) };
};

/**
 * model.json `candidates` of a model directory ({} when absent: older models, which infer scores with the old
 * defaults).
 */
export function modelCandidatesOf(dir: string): { candidates?: ModelCandidates } {
  const c = readModelMeta(dir)?.candidates;
  return c && typeof c === 'object' ? { candidates: c } : {};
}
