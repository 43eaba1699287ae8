import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type StageVideoFile, type VideoEntry } from '@wsstad/core';
import { inSplits } from './keys';
import type { Pipeline, PlannedStage } from './types';

/** Examples shown per group of missing per-video files. */
const EXAMPLES = 3;

/**
 * Fail at once, before any stage runs, when what the run needs is absent: video files of the
 * manifest (when a selected stage `readsVideo`), the files stages declare through `requiredFiles`
 * (weights, models) and, per video of the stage's splits, through `videoFiles` (imported features;
 * grouped per kind of file: count, first examples, the stage's hint). Lists every problem in one
 * error so a user fixes them in one go.
 */
export function preflight(
  p: Pipeline,
  selected: readonly PlannedStage[],
  dataset: { dir: string; manifest: string; videos: readonly VideoEntry[] },
): void {
  const problems: string[] = [];
  const readsVideo = selected.some((s) => s.def.readsVideo);
  const missingVideos = !readsVideo
    ? []
    : dataset.videos.filter(
        (v) =>
          !v.uri.startsWith('synth:') && !v.uri.endsWith('.scene.json') && !existsSync(resolve(dataset.dir, v.uri)),
      );
  if (missingVideos.length) {
    const examples = missingVideos
      .slice(0, 3)
      .map((v) => resolve(dataset.dir, v.uri))
      .join(', ');
    problems.push(
      `${missingVideos.length} of ${dataset.videos.length} video file(s) listed in ${dataset.manifest} ` +
        `do not exist, e.g. ${examples}`,
    );
  }
  for (const s of selected) {
    for (const f of s.def.requiredFiles?.(s.params as never) ?? []) {
      if (f.missing) problems.push(`stage '${s.name}': ${f.what} not given (${f.missing})`);
      else if (f.path && !existsSync(resolve(f.path)))
        problems.push(`stage '${s.name}': ${f.what} not found: ${resolve(f.path)}`);
    }
    if (s.def.videoFiles && s.def.scope === 'video')
      problems.push(
        ...videoFileProblems(
          s,
          dataset.videos.filter((v) => inSplits(s, v)),
          dataset.dir,
        ),
      );
  }
  if (problems.length) {
    throw new ConfigError(
      `pipeline '${p.name}' cannot run: ${problems.length} missing input(s):\n  - ${problems.join('\n  - ')}`,
      {
        file: p.file,
        hint:
          'provide the videos and weights listed (see the pipeline file comments and the README section ' +
          '"Bring your own data, weights, features")',
      },
    );
  }
}

/** Missing per-video files of one stage, one line per kind (`name`) of file or problem, distinct paths listed once. */
function videoFileProblems(s: PlannedStage, videos: readonly VideoEntry[], datasetDir: string): string[] {
  const groups = new Map<string, { f: StageVideoFile; videos: number; items: Set<string> }>();
  for (const v of videos) {
    for (const f of s.def.videoFiles!(s.params as never, v, datasetDir)) {
      const problem = f.missing
        ? `${v.id}: ${f.missing}`
        : f.path && !existsSync(resolve(f.path))
          ? resolve(f.path)
          : null;
      if (!problem) continue;
      const k = `${f.name}|${f.missing ? 'other' : 'file'}`;
      const g = groups.get(k) ?? { f, videos: 0, items: new Set<string>() };
      g.videos++;
      g.items.add(problem);
      groups.set(k, g);
    }
  }
  return [...groups.values()].map(({ f, videos: n, items }) => {
    const list = [...items];
    const eg = list.slice(0, EXAMPLES).join(', ') + (list.length > EXAMPLES ? `, ... (${list.length} in all)` : '');
    const head = f.missing
      ? `${f.what}: ${n} of ${videos.length} video(s), e.g. ${eg}`
      : `${f.what} not found for ${n} of ${videos.length} video(s): ${eg}`;
    return `stage '${s.name}': ${head}${f.hint ? `; fix: ${f.hint}` : ''}`;
  });
}
