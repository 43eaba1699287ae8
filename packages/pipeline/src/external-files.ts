import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VideoEntry } from '@wsstad/core';
import { hashFileSync } from './store/hashing';
import type { PlannedStage } from './types';

/**
 * Per-video files a stage reads from outside the store (`videoFiles`, e.g. imported features):
 * their content hashes join the video's inputs as `file:<name>`, so the cache key (and `status`)
 * sees a replaced file. A file that does not exist contributes nothing (the preflight reports it).
 * `memo` maps absolute path -> hash for one run.
 */
export function externalFileHashes(
  s: PlannedStage,
  v: VideoEntry,
  datasetDir: string,
  memo: Map<string, string | null>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of externalFiles(s, v, datasetDir)) {
    const p = resolve(f.path);
    if (!memo.has(p)) memo.set(p, existsSync(p) ? hashFileSync(p) : null);
    const h = memo.get(p);
    if (h) out[`file:${f.name}`] = h;
  }
  return out;
}

/** The stage's external per-video files that have a path (`videoFiles`): what keys and the Nx plugin's inputs read. */
export function externalFiles(
  s: Pick<PlannedStage, 'def' | 'params'>,
  v: VideoEntry,
  datasetDir: string,
): Array<{ name: string; path: string }> {
  if (!s.def.videoFiles) return [];
  return s.def
    .videoFiles(s.params as never, v, datasetDir)
    .flatMap((f) => (f.path ? [{ name: f.name, path: f.path }] : []));
}
