import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The work-folder layout the standalone commands share, so the output folder of one is the input of
 * the next (`wsstad detect` -> `link` -> `features` -> `train` -> `eval`, and `infer --work`):
 *
 *     <work>/<videoId>/<artifact>.arrow      e.g. work/v001/detections.arrow, work/v001/tubes.arrow
 *
 * It is the layout `trainFromDirectory` has always read. Older command versions wrote flat files
 * (`<work>/<videoId>.<artifact>.arrow`) or per-kind folders (`<work>/<artifact>/<videoId>.arrow`);
 * `findWorkArtifact` still reads those and says so, for one release (deprecated).
 */
export function workArtifactPath(work: string, videoId: string, artifact: string): string {
  return join(work, videoId, `${artifact}.arrow`);
}

export interface FoundArtifact {
  path: string;
  /** Found in a deprecated layout: callers warn once and suggest rerunning the producing command. */
  legacy: boolean;
}

/** Where `artifact` of `videoId` lies under `work`: the layout above first, then the deprecated ones. */
export function findWorkArtifact(work: string, videoId: string, artifact: string): FoundArtifact | undefined {
  const current = workArtifactPath(work, videoId, artifact);
  if (existsSync(current)) return { path: current, legacy: false };
  const flat = join(work, `${videoId}.${artifact}.arrow`);
  const perKind = join(work, artifact, `${videoId}.arrow`);
  const old = [flat, perKind].find((p) => existsSync(p));
  return old ? { path: old, legacy: true } : undefined;
}

/**
 * Every `artifact` file under `work`, with its video id: `<work>/<id>/<artifact>.arrow` (sorted by
 * id), then deprecated flat `<work>/<id>.<artifact>.arrow` files whose id has no folder. `work` may
 * also be one video's folder (`<work>/<artifact>.arrow`) or one artifact file.
 */
export function listWorkArtifacts(work: string, artifact: string): Array<FoundArtifact & { videoId: string }> {
  if (!statSync(work).isDirectory()) return [{ path: work, legacy: false, videoId: videoIdOfArtifact(work, artifact) }];
  const own = join(work, `${artifact}.arrow`);
  if (existsSync(own)) return [{ path: own, legacy: false, videoId: basename(work) }];
  const names = readdirSync(work).sort();
  const out = names
    .filter((n) => existsSync(join(work, n, `${artifact}.arrow`)))
    .map((n) => ({ path: join(work, n, `${artifact}.arrow`), legacy: false, videoId: n }));
  const have = new Set(out.map((o) => o.videoId));
  const suffix = `.${artifact}.arrow`;
  for (const n of names) {
    const id = n.slice(0, -suffix.length);
    if (n.endsWith(suffix) && !have.has(id)) out.push({ path: join(work, n), legacy: true, videoId: id });
  }
  return out;
}

/**
 * The video id an artifact file belongs to: its folder's name for `<id>/<artifact>.arrow`, else the
 * file name without `.<artifact>.arrow` / `.arrow` (the deprecated flat layout, or any file given).
 */
export function videoIdOfArtifact(path: string, artifact: string): string {
  const name = basename(path);
  if (name === `${artifact}.arrow`) return basename(dirname(path));
  return name.replace(/\.arrow$/i, '').replace(new RegExp(`\\.${artifact.replace(/[-.]/g, '\\$&')}$`, 'i'), '');
}

/** The work folder an artifact file lies in: `<work>` for `<work>/<id>/<artifact>.arrow`, else its own folder. */
export function workFolderOfArtifact(path: string, artifact: string): string {
  return basename(path) === `${artifact}.arrow` ? dirname(dirname(path)) : dirname(path);
}
