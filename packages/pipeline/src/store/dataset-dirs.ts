import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileAtomic, type Logger } from '@wsstad/core';
import { hashFileSync } from './hashing';

/*
 * Generated dataset folders under `<store>/datasets/` (a dataset provider's cache, e.g. the app's
 * synthetic benchmark): stamped with every file's hash, swapped in by rename, leftovers of killed
 * generations removed by the next generation and by gc. Generic: the engine knows no generator.
 */

interface Stamp {
  stamp: string;
  files: Record<string, string>;
}

/** Undefined when `dir` holds exactly what its stamp lists; else why not ('absent' when never generated). */
export function datasetDirProblem(dir: string, stamp: string): string | undefined {
  const file = join(dir, 'stamp.json');
  if (!existsSync(file)) return existsSync(dir) ? 'stamp.json is missing' : 'absent';
  let s: Stamp;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as Stamp;
  } catch {
    return 'stamp.json is not valid JSON';
  }
  if (!s || s.stamp !== stamp) return 'stamp.json does not match this generator config and code';
  if (!s.files || typeof s.files !== 'object' || !s.files['manifest.json'])
    return 'stamp.json lists no files (written by an older wsstad)';
  for (const [rel, h] of Object.entries(s.files)) {
    let got: string | undefined;
    try {
      got = hashFileSync(join(dir, rel));
    } catch {
      got = undefined;
    }
    if (got !== h)
      return `${rel} is ${got === undefined ? 'missing' : 'damaged (content differs from when it was generated)'}`;
  }
  return undefined;
}

/**
 * Generate into a sibling temp folder, stamp it with every file's hash, then swap it in by
 * rename: a reader never sees a half-written folder, and a crash leaves the old one or none.
 */
export function regenerateDatasetDir(
  dir: string,
  stamp: string,
  log: Logger,
  generate: (outDir: string) => void,
): void {
  removeDatasetLeftovers(join(dir, '..'), log);
  const work = `${dir}.tmp-${ownerTag()}-${randomBytes(4).toString('hex')}`;
  try {
    generate(work);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else files[r] = hashFileSync(join(d, e.name));
    }
  };
  walk(work, '');
  writeFileAtomic(join(work, 'stamp.json'), JSON.stringify({ stamp, files } satisfies Stamp));
  if (existsSync(dir)) {
    const trash = `${dir}.old-${ownerTag()}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(dir, trash);
      rmSync(trash, { recursive: true, force: true });
    } catch (e) {
      log.debug(`could not move ${dir} aside: ${String(e)}`);
    }
  }
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true });
  } // another process won: same bytes
}

/**
 * `<host>-<pid>` of temp and trash folder names, host as 8 hex of its hash: a store shared by
 * several machines (a Slurm array) must not take another machine's live generation for a leftover.
 */
function ownerTag(): string {
  return `${createHash('sha256').update(hostname()).digest('hex').slice(0, 8)}-${process.pid}`;
}

/** `<dir>.tmp-[<host>-]<pid>-<random>` and `.old-` ones (names from before the host tag have none). */
const LEFTOVER = /\.(?:tmp|old)-(?:([0-9a-f]{8})-)?(\d+)-[0-9a-f]{8}$/;

/** Whether a temp/trash folder's owner is known to be gone: a dead process on this host. */
function leftoverOwnerGone(name: string): boolean {
  const m = LEFTOVER.exec(name);
  if (!m) return false;
  if (m[1] !== undefined && m[1] !== ownerTag().split('-')[0]) return false; // another machine's: cannot tell
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/**
 * Remove the half-generated `.tmp-*` and half-deleted `.old-*` folders that a killed dataset
 * generation left in `datasetsDir`, only those whose owner process is gone (a concurrent
 * `wsstad status` or run may be generating right now). Called by every regeneration and by gc.
 * Returns the removed folders (with `dryRun`, those that would be).
 */
export function removeDatasetLeftovers(datasetsDir: string, log: Logger, dryRun = false): string[] {
  if (!existsSync(datasetsDir)) return [];
  const gone = readdirSync(datasetsDir)
    .filter(leftoverOwnerGone)
    .map((n) => join(datasetsDir, n));
  for (const d of gone) {
    log.info(`removing ${d}: left by a killed dataset generation`);
    if (!dryRun) rmSync(d, { recursive: true, force: true });
  }
  return gone;
}
