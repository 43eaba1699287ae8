import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, silentLogger, type Logger } from '@wsstad/core';
import { loadPipeline, type LoadOptions } from './load';
import { resolveDataset } from './dataset';

import { openStore } from './store/store';
import { acquireLock } from './store/lock';
import { updateLockFile } from './lockfile';
import { createCodeVersioner } from './code-version';
import type { CodeVersionFn, DatasetProvider, Pipeline, StageManifest } from './types';

/** Parse `i/N` (0-based shard index of N). */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count)
    throw new ConfigError(`invalid shard '${s}'; allowed: i/N with 0 <= i < N`, {
      hint: '--shard 0/4 (in a Kubernetes Indexed Job: --shard $JOB_COMPLETION_INDEX/<completions>)',
    });
  return { index, count };
}

export interface MergeOptions extends LoadOptions {
  /** Shard count; default: the count found in the shard manifests (must be unique). */
  count?: number;
  log?: Logger;
  codeVersion?: CodeVersionFn;
  datasets?: Readonly<Record<string, DatasetProvider>>;
  lockTimeoutMs?: number;
}

/**
 * Build each per-video stage's manifest from its N shard manifests (all N must be present and
 * agree on code version and params), then update the pipeline lock file. The result is
 * byte-identical to the manifest an unsharded run writes.
 */
export async function mergeShards(
  pipeline: Pipeline | string,
  opts: MergeOptions,
): Promise<{ stages: string[]; manifests: string[] }> {
  const p = typeof pipeline === 'string' ? loadPipeline(pipeline, opts) : pipeline;
  const log = opts.log ?? silentLogger;
  const lock = await acquireLock(p.storeDir, `pipeline-${p.name}`, `wsstad run ${p.name} --merge-shards`, {
    timeoutMs: opts.lockTimeoutMs ?? 0,
    log,
  });
  try {
    const store = openStore(p.storeDir);
    const dir = join(p.storeDir, 'manifests', p.name);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const merged: string[] = [];
    const manifests: string[] = [];
    for (const s of p.stages.filter((x) => x.def.scope === 'video')) {
      const found = files
        .map((f) => new RegExp(`^${s.name}\\.shard-(\\d+)-of-(\\d+)\\.json$`).exec(f))
        .filter((m): m is RegExpExecArray => m !== null);
      if (!found.length) continue;
      const counts = [...new Set(found.map((m) => Number(m[2])))];
      const count = opts.count ?? (counts.length === 1 ? counts[0]! : NaN);
      if (!Number.isInteger(count))
        throw new ConfigError(`stage '${s.name}' has shard manifests for several shard counts (${counts.join(', ')})`, {
          file: dir,
          hint: 'pass the count of the run to merge, e.g. --shard-count 4, or delete the old shard manifests',
        });
      const parts: StageManifest[] = [];
      for (let i = 0; i < count; i++) {
        const m = store.readManifest(p.name, s.name, { index: i, count });
        if (!m)
          throw new ConfigError(`stage '${s.name}': shard ${i}/${count} has no manifest yet`, {
            file: store.manifestPath(p.name, s.name, { index: i, count }),
            hint: `run 'wsstad run ${p.name} --shard ${i}/${count}' (or wait for that shard) before merging`,
          });
        parts.push(m);
      }
      const ref = parts[0]!;
      for (const m of parts) {
        if (m.codeVersion !== ref.codeVersion || m.paramsHash !== ref.paramsHash)
          throw new ConfigError(
            `stage '${s.name}': shard manifests disagree on code version or params ` +
              `(shard ${m.shard?.index} vs ${ref.shard?.index})`,
            { file: dir, hint: 'all shards must run the same code and pipeline file; rerun the stale shards' },
          );
      }
      const out: StageManifest = {
        pipeline: p.name,
        stage: s.name,
        uses: ref.uses,
        scope: 'video',
        codeVersion: ref.codeVersion,
        paramsHash: ref.paramsHash,
        videos: {},
        failed: {},
      };
      for (const m of parts) {
        Object.assign(out.videos, m.videos);
        Object.assign(out.failed!, m.failed ?? {});
      }
      manifests.push(store.writeManifest(out));
      merged.push(s.name);
      log.info(`${s.name}: merged ${count} shards, ${Object.keys(out.videos).length} videos`);
    }
    if (merged.length) {
      // synth pipelines too (found by the Slurm array test)
      const dataset = await resolveDataset(p, opts.datasets ?? {}, log);
      const code = opts.codeVersion ?? createCodeVersioner({ root: opts.root });
      updateLockFile(p, dataset, store, merged, (s) => code(s.def));
    }
    return { stages: merged, manifests };
  } finally {
    lock.release();
  }
}
