import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashJson, writeFileAtomic } from '@wsstad/core';
import { generateBenchmark } from '@wsstad/video';
import type { DatasetProvider } from './types';
import { createCodeVersioner } from './code-version';

/**
 * The synthetic benchmark as a dataset kind: `dataset: { synth: { preset, seed, overrides } }`.
 * Generated under `<store>/datasets/<preset>-<seed>-<hash>/` and regenerated only when the
 * generator's config or the video package's code changes (a stamp file records both hashes), so
 * a no-op rerun does not rewrite scene files. Scene files are tiny: pixels are rendered on the fly.
 */
export const synthDataset: DatasetProvider = (spec, ctx) => {
  if (spec.kind !== 'synth') throw new Error('synthDataset called for a non-synth dataset');
  const code = createCodeVersioner()({ name: 'synth-dataset', package: '@wsstad/video', version: '1' } as never).hash;
  const stamp = hashJson({ preset: spec.preset, seed: spec.seed, overrides: spec.overrides, code });
  const dir = join(ctx.storeDir, 'datasets', `${spec.preset}-${spec.seed}-${stamp.slice(0, 12)}`);
  const manifest = join(dir, 'manifest.json');
  const stampFile = join(dir, 'stamp.json');
  if (existsSync(manifest) && existsSync(stampFile) && JSON.parse(readFileSync(stampFile, 'utf8')).stamp === stamp) return manifest;
  ctx.log.info(`generating synthetic benchmark '${spec.preset}' (seed ${spec.seed}) in ${dir}`);
  const r = generateBenchmark({ preset: spec.preset, seed: spec.seed, outDir: dir, overrides: spec.overrides });
  writeFileAtomic(stampFile, JSON.stringify({ stamp }));
  return r.manifestPath;
};

/** Dataset kinds a pipeline file can use besides `manifest:`. */
export const DATASETS: Readonly<Record<string, DatasetProvider>> = Object.freeze({ synth: synthDataset });
