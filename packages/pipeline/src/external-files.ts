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
export function externalFileHashes(s: PlannedStage, v: VideoEntry, datasetDir: string, memo: Map<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s.def.videoFiles) return out;
  for (const f of s.def.videoFiles(s.params as never, v, datasetDir)) {
    if (!f.path) continue;
    const p = resolve(f.path);
    if (!memo.has(p)) memo.set(p, existsSync(p) ? hashFileSync(p) : null);
    const h = memo.get(p);
    if (h) out[`file:${f.name}`] = h;
  }
  return out;
}
