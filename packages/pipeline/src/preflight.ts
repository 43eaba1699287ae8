import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type VideoEntry } from '@wsstad/core';
import type { Pipeline, PlannedStage } from './types';

/**
 * Fail at once, before any stage runs, when what the run needs is absent: video files of the
 * manifest and the files stages declare through `requiredFiles` (weights, models). Lists every
 * problem in one error so a user fixes them in one go.
 */
export function preflight(p: Pipeline, selected: readonly PlannedStage[], dataset: { dir: string; manifest: string; videos: readonly VideoEntry[] }): void {
  const problems: string[] = [];
  const missingVideos = dataset.videos.filter((v) => !v.uri.startsWith('synth:') && !v.uri.endsWith('.scene.json') && !existsSync(resolve(dataset.dir, v.uri)));
  if (missingVideos.length) {
    problems.push(`${missingVideos.length} of ${dataset.videos.length} video file(s) listed in ${dataset.manifest} do not exist, e.g. ${missingVideos.slice(0, 3).map((v) => resolve(dataset.dir, v.uri)).join(', ')}`);
  }
  for (const s of selected) {
    for (const f of s.def.requiredFiles?.(s.params as never) ?? []) {
      if (f.missing) problems.push(`stage '${s.name}': ${f.what} not given (${f.missing})`);
      else if (f.path && !existsSync(resolve(f.path))) problems.push(`stage '${s.name}': ${f.what} not found: ${resolve(f.path)}`);
    }
  }
  if (problems.length) {
    throw new ConfigError(`pipeline '${p.name}' cannot run: ${problems.length} missing input(s):\n  - ${problems.join('\n  - ')}`, {
      file: p.file, hint: 'provide the videos and weights listed (see the pipeline file comments and the README section "Bring your own data, weights, features")',
    });
  }
}
