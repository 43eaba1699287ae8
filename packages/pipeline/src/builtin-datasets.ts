import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hashJson, writeFileAtomic, type Logger } from '@wsstad/core';
import { generateBenchmark } from '@wsstad/video';
import type { DatasetProvider } from './types';
import { createCodeVersioner } from './code-version';
import { hashFileSync } from './store/hashing';

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
  const problem = cacheProblem(dir, stamp);
  if (!problem) return manifest;
  if (problem === 'absent') ctx.log.info(`generating synthetic benchmark '${spec.preset}' (seed ${spec.seed}) in ${dir}`);
  else ctx.log.warn(`synthetic dataset cache ${dir}: ${problem}; regenerating it`);
  regenerate(dir, stamp, ctx.log, (out) => { generateBenchmark({ preset: spec.preset, seed: spec.seed, outDir: out, overrides: spec.overrides }); });
  return manifest;
};

interface Stamp { stamp: string; files: Record<string, string> }

/** Undefined when `dir` holds exactly what its stamp lists; else why not ('absent' when never generated). */
function cacheProblem(dir: string, stamp: string): string | undefined {
  const file = join(dir, 'stamp.json');
  if (!existsSync(file)) return existsSync(dir) ? 'stamp.json is missing' : 'absent';
  let s: Stamp;
  try { s = JSON.parse(readFileSync(file, 'utf8')) as Stamp; } catch { return 'stamp.json is not valid JSON'; }
  if (!s || s.stamp !== stamp) return 'stamp.json does not match this generator config and code';
  if (!s.files || typeof s.files !== 'object' || !s.files['manifest.json']) return 'stamp.json lists no files (written by an older wsstad)';
  for (const [rel, h] of Object.entries(s.files)) {
    let got: string | undefined;
    try { got = hashFileSync(join(dir, rel)); } catch { got = undefined; }
    if (got !== h) return `${rel} is ${got === undefined ? 'missing' : 'damaged (content differs from when it was generated)'}`;
  }
  return undefined;
}

/**
 * Generate into a sibling temp folder, stamp it with every file's hash, then swap it in by
 * rename: a reader never sees a half-written folder, and a crash leaves the old one or none.
 */
function regenerate(dir: string, stamp: string, log: Logger, generate: (outDir: string) => void): void {
  const work = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try { generate(work); } catch (e) { rmSync(work, { recursive: true, force: true }); throw e; }
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), r); else files[r] = hashFileSync(join(d, e.name));
    }
  };
  walk(work, '');
  writeFileAtomic(join(work, 'stamp.json'), JSON.stringify({ stamp, files } satisfies Stamp));
  if (existsSync(dir)) {
    const trash = `${dir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    try { renameSync(dir, trash); rmSync(trash, { recursive: true, force: true }); } catch (e) { log.debug(`could not move ${dir} aside: ${String(e)}`); }
  }
  try { renameSync(work, dir); } catch { rmSync(work, { recursive: true, force: true }); } // another process won: same bytes
}

/** Dataset kinds a pipeline file can use besides `manifest:`. */
export const DATASETS: Readonly<Record<string, DatasetProvider>> = Object.freeze({ synth: synthDataset });
