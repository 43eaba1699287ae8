import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, describeJsonError, silentLogger, UnavailableError, type Logger } from '@wsstad/core';
import { removeDatasetLeftovers } from './store/dataset-dirs';
import { openStore, type Store } from './store/store';
import { HEX64 } from './store/integrity';
import { acquireLock, activeRuns } from './store/lock';
import type { StageManifest } from './types';

export interface GcOptions {
  /** Only report what would be removed. */
  dryRun?: boolean;
  lockTimeoutMs?: number;
  log?: Logger;
}

export interface GcReport {
  keptKeys: number;
  keptObjects: number;
  removedKeys: number;
  removedObjects: number;
  removedTrees: number;
  removedTemp: number;
  freedBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Drop key files and objects that no manifest (of any pipeline, shard manifests included)
 * references, materialised trees no longer referenced, and leftovers of killed runs (tmp/,
 * `datasets/*.tmp-*` and `*.old-*` of dead processes). Holds the gc lock and waits until no run
 * is active, since deleting under a run could remove an object it is about to reference.
 */
export async function gcStore(storeDir: string, opts: GcOptions = {}): Promise<GcReport> {
  const log = opts.log ?? silentLogger;
  const lock = await acquireLock(storeDir, 'gc', 'wsstad gc', { timeoutMs: opts.lockTimeoutMs ?? 0, log });
  try {
    const deadline = Date.now() + (opts.lockTimeoutMs ?? 0);
    for (let runs = activeRuns(storeDir, log); runs.length; runs = activeRuns(storeDir, log)) {
      if (Date.now() >= deadline)
        throw new UnavailableError(`cannot gc while ${runs.length} run(s) use the store`, {
          file: runs[0],
          hint: 'wait for the runs to finish or pass --lock-timeout',
        });
      await sleep(200);
    }
    const store = openStore(storeDir);
    const { keys, objects } = referenced(store, storeDir);
    const r: GcReport = {
      keptKeys: 0,
      keptObjects: 0,
      removedKeys: 0,
      removedObjects: 0,
      removedTrees: 0,
      removedTemp: 0,
      freedBytes: 0,
    };
    const drop = (f: string) => {
      r.freedBytes += sizeOf(f);
      if (!opts.dryRun) rmSync(f, { recursive: true, force: true });
    };
    walkFiles(join(storeDir, 'keys'), (f, rel) => {
      if (keys.has(rel)) r.keptKeys++;
      else {
        drop(f);
        r.removedKeys++;
      }
    });
    walkFiles(join(storeDir, 'objects'), (f, rel) => {
      if (objects.has(rel.split('/').pop()!)) r.keptObjects++;
      else {
        drop(f);
        r.removedObjects++;
      }
    });
    const tdir = join(storeDir, 'trees');
    for (const t of existsSync(tdir) ? readdirSync(tdir) : [])
      if (!objects.has(t)) {
        drop(join(tdir, t));
        r.removedTrees++;
      }
    const tmp = join(storeDir, 'tmp');
    for (const t of existsSync(tmp) ? readdirSync(tmp) : []) {
      drop(join(tmp, t));
      r.removedTemp++;
    }
    // Runs are waited out, but `status` generates datasets without a run: only dead owners' folders.
    const leftovers = removeDatasetLeftovers(join(storeDir, 'datasets'), silentLogger, true);
    for (const d of leftovers) {
      drop(d);
      r.removedTemp++;
    }
    log.info(
      `gc ${storeDir}: kept ${r.keptKeys} keys, ${r.keptObjects} objects; removed ${r.removedKeys} ` +
        `keys, ${r.removedObjects} objects, ${r.removedTrees} trees, ${r.removedTemp} temp dirs ` +
        `(${(r.freedBytes / 1e6).toFixed(1)} MB)${opts.dryRun ? ' [dry run]' : ''}`,
    );
    return r;
  } finally {
    lock.release();
  }
}

/**
 * Keys and objects some manifest references. Objects come from the manifests' own output hashes
 * (not via key files, which may be torn), plus the entries of dataset-level trees. Deleting on
 * doubt loses work (a 24.6 MB model), so an unreadable or malformed manifest, or a referenced
 * tree object that exists but does not parse, stops gc before anything is deleted.
 */
function referenced(store: Store, storeDir: string): { keys: Set<string>; objects: Set<string> } {
  const keys = new Set<string>();
  const objects = new Set<string>();
  const doubts: string[] = [];
  const mdir = join(storeDir, 'manifests');
  for (const p of existsSync(mdir) ? readdirSync(mdir) : []) {
    for (const f of readdirSync(join(mdir, p)).filter((n) => n.endsWith('.json'))) {
      const file = join(mdir, p, f);
      let m: StageManifest;
      try {
        m = JSON.parse(readFileSync(file, 'utf8')) as StageManifest;
        if (!m || typeof m.uses !== 'string' || !m.videos || typeof m.videos !== 'object')
          throw new Error('not a stage manifest');
      } catch (e) {
        doubts.push(`${file} (${e instanceof SyntaxError ? describeJsonError(e) : (e as Error).message})`);
        continue;
      }
      for (const e of Object.values(m.videos)) {
        if (typeof e?.key === 'string') keys.add(join(m.uses, e.key.slice(0, 2), `${e.key}.json`));
        for (const h of Object.values(e?.outputs ?? {})) {
          if (typeof h !== 'string' || !HEX64.test(h)) {
            doubts.push(`${file} (output hash ${JSON.stringify(h).slice(0, 80)} is not a sha256)`);
            continue;
          }
          objects.add(h);
          if (m.scope !== 'dataset' || !existsSync(store.objectPath(h))) continue;
          try {
            for (const [, eh] of store.readTree(h).entries) objects.add(eh);
          } catch {
            doubts.push(`${store.objectPath(h)} (tree object of ${file} does not parse)`);
          }
        }
      }
    }
  }
  if (doubts.length) {
    throw new ArtifactError(
      `gc refuses to delete anything: cannot tell what these reference:\n  ${doubts.join('\n  ')}`,
      {
        hint:
          'rerun the pipeline that owns each file (it rewrites its manifests and recomputes bad objects), ' +
          'or delete the named files if that pipeline is gone; then run gc again',
      },
    );
  }
  return { keys, objects };
}

function walkFiles(root: string, f: (path: string, rel: string) => void, rel = ''): void {
  if (!existsSync(root)) return;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walkFiles(p, f, r);
    else f(p, r);
  }
}

function sizeOf(p: string): number {
  try {
    const s = statSync(p);
    if (!s.isDirectory()) return s.size;
    return readdirSync(p).reduce((a, n) => a + sizeOf(join(p, n)), 0);
  } catch {
    return 0;
  }
}
