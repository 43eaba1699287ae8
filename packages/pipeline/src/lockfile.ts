import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { CodeVersion, Dataset, Pipeline, PipelineLock, PlannedStage } from './types';
import { writeIfChanged, type Store } from './store/store';
import { hashFileSync } from './store/hashing';

/** The pipeline lock file, or undefined before the first run. */
export function readLockFile(p: Pipeline): PipelineLock | undefined {
  if (!existsSync(p.lockFile)) return undefined;
  try {
    return JSON.parse(readFileSync(p.lockFile, 'utf8')) as PipelineLock;
  } catch {
    return undefined;
  }
}

/**
 * Record, for the stages that just finished, the exact normalised params, code versions (with
 * per-file hashes so status can name the changed file) and manifest hashes. Entries of stages not
 * run now are kept; stages no longer in the pipeline are dropped.
 */
export function updateLockFile(
  p: Pipeline,
  dataset: Dataset,
  store: Store,
  finished: string[],
  code: (s: PlannedStage) => CodeVersion,
): void {
  const old = readLockFile(p);
  const lock: PipelineLock = {
    pipeline: p.name,
    dataset: {
      manifest: relative(p.dir, dataset.manifest).split('\\').join('/'),
      hash: hashFileSync(dataset.manifest),
      videos: dataset.videos.length,
    },
    seed: p.seed,
    stages: {},
  };
  for (const s of p.stages) {
    if (finished.includes(s.name)) {
      const m = store.manifestPath(p.name, s.name);
      const cv = code(s);
      lock.stages[s.name] = {
        uses: s.uses,
        package: s.def.package,
        version: s.def.version,
        params: s.params ?? null,
        paramsHash: s.paramsHash,
        codeVersion: cv.hash,
        codeFiles: cv.files,
        manifestHash: hashFileSync(m),
        videos: Object.keys((JSON.parse(readFileSync(m, 'utf8')) as { videos: object }).videos).length,
      };
    } else if (old?.stages[s.name]) {
      lock.stages[s.name] = old.stages[s.name]!;
    }
  }
  writeIfChanged(p.lockFile, JSON.stringify(lock, null, 2) + '\n');
}
