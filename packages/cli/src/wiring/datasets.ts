import { join } from 'node:path';
import { hashJson } from '@wsstad/core';
import { generateBenchmark } from '@wsstad/video';
import { createCodeVersioner, datasetDirProblem, regenerateDatasetDir, type DatasetProvider } from '@wsstad/pipeline';

/**
 * The synthetic benchmark as a dataset kind: `dataset: { synth: { preset, seed, overrides } }`.
 * Generated under `<store>/datasets/<preset>-<seed>-<hash>/` and regenerated only when the
 * generator's config or the video package's code changes (a stamp file records both hashes), so
 * a no-op rerun does not rewrite scene files. Scene files are tiny: pixels are rendered on the fly.
 * The stamp also lists every generated file's content hash: a garbage stamp, a damaged scene or
 * ground-truth file or a truncated manifest is noticed on the next use and the folder regenerated
 * (one line on the log), instead of failing later with a stack trace.
 */
export const synthDataset: DatasetProvider = (spec, ctx) => {
  if (spec.kind !== 'synth') throw new Error('synthDataset called for a non-synth dataset');
  const code = createCodeVersioner()({ name: 'synth-dataset', package: '@wsstad/video', version: '1' } as never).hash;
  const stamp = hashJson({ preset: spec.preset, seed: spec.seed, overrides: spec.overrides, code });
  const dir = join(ctx.storeDir, 'datasets', `${spec.preset}-${spec.seed}-${stamp.slice(0, 12)}`);
  const manifest = join(dir, 'manifest.json');
  const problem = datasetDirProblem(dir, stamp);
  if (!problem) return manifest;
  if (problem === 'absent')
    ctx.log.info(`generating synthetic benchmark '${spec.preset}' (seed ${spec.seed}) in ${dir}`);
  else ctx.log.warn(`synthetic dataset cache ${dir}: ${problem}; regenerating it`);
  regenerateDatasetDir(dir, stamp, ctx.log, (out) => {
    generateBenchmark({ preset: spec.preset, seed: spec.seed, outDir: out, overrides: spec.overrides });
  });
  return manifest;
};

/** Dataset kinds a pipeline file can use besides `manifest:`. */
export const DATASETS: Readonly<Record<string, DatasetProvider>> = Object.freeze({ synth: synthDataset });
