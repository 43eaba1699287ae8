import { copyFileSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ArtifactError, canonicalJson, sha256, writeFileAtomic } from '@wsstad/core';
import type { KeyRecord, StageManifest, StoredOutput } from '../types';
import { hashFileSync, writeFileRenamed } from './hashing';

const HEX64 = /^[0-9a-f]{64}$/;

/** A tree object: a directory stored as a sorted list of (relative path, object hash). */
export interface TreeObject {
  wsstadTree: 1;
  entries: Array<[path: string, hash: string]>;
}

/** Content-addressed store on a local (or network) folder; layout in the package README. */
export interface Store {
  dir: string;
  objectPath(hash: string): string;
  /** Move a finished file into objects/ (its name becomes its content hash); returns the hash. */
  putFile(path: string): string;
  putBytes(data: string | Uint8Array): string;
  /** Store a directory: each file as an object, plus a tree object; returns the tree hash. */
  putTree(dir: string): string;
  /** True when the object exists and its bytes hash to its name (memoised for this Store's life). */
  verify(hash: string): boolean;
  verifyOutput(o: StoredOutput): boolean;
  readTree(hash: string): TreeObject;
  /** A read-only copy of a tree as a directory under trees/<hash>/ (built once, then reused). */
  materializeTree(hash: string): string;
  readKey(stage: string, key: string): KeyRecord | undefined;
  writeKey(rec: KeyRecord): void;
  hasKey(stage: string, key: string): boolean;
  /** A fresh staging directory on the store's filesystem (so moving outputs in is a rename). */
  tempDir(label: string): string;
  manifestPath(pipeline: string, stage: string, shard?: { index: number; count: number }): string;
  readManifest(pipeline: string, stage: string, shard?: { index: number; count: number }): StageManifest | undefined;
  writeManifest(m: StageManifest): string;
}

export function openStore(dir: string): Store {
  const verified = new Map<string, boolean>();
  const objectPath = (h: string) => join(dir, 'objects', h.slice(0, 2), h);
  const keyPath = (stage: string, key: string) => join(dir, 'keys', stage, key.slice(0, 2), `${key}.json`);
  const manifestPath = (p: string, s: string, shard?: { index: number; count: number }) =>
    join(dir, 'manifests', p, shard ? `${s}.shard-${shard.index}-of-${shard.count}.json` : `${s}.json`);

  const moveIn = (src: string, h: string) => {
    const dst = objectPath(h);
    if (verified.get(h) === true || (existsSync(dst) && store.verify(h))) { rmSync(src, { force: true }); return h; }
    mkdirSync(join(dir, 'objects', h.slice(0, 2)), { recursive: true });
    renameSync(src, dst); // atomic: readers see no object or the whole object
    verified.set(h, true);
    return h;
  };

  const store: Store = {
    dir,
    objectPath,
    putFile(path) {
      return moveIn(path, hashFileSync(path));
    },
    putBytes(data) {
      const h = sha256(data);
      if (verified.get(h) === true) return h;
      const tmp = join(store.tempDir('bytes'), 'blob');
      writeFileRenamed(tmp, data);
      return moveIn(tmp, h);
    },
    putTree(root) {
      const entries: Array<[string, string]> = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) entries.push([relative(root, p).split('\\').join('/'), store.putFile(p)]);
          else throw new ArtifactError(`stage output contains '${e.name}', which is neither a file nor a directory`, { file: p });
        }
      };
      walk(root);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const tree: TreeObject = { wsstadTree: 1, entries };
      return store.putBytes(canonicalJson(tree));
    },
    verify(h) {
      const known = verified.get(h);
      if (known !== undefined) return known;
      let ok = false;
      try { ok = HEX64.test(h) && hashFileSync(objectPath(h)) === h; } catch { ok = false; }
      verified.set(h, ok);
      return ok;
    },
    verifyOutput(o) {
      if (!store.verify(o.hash)) return false;
      if (o.type === 'file') return true;
      try { return store.readTree(o.hash).entries.every(([, h]) => store.verify(h)); } catch { return false; }
    },
    readTree(h) {
      const t = JSON.parse(readFileSync(objectPath(h), 'utf8')) as TreeObject;
      if (t.wsstadTree !== 1 || !Array.isArray(t.entries)) throw new ArtifactError(`object ${h} is not a tree`, { file: objectPath(h) });
      return t;
    },
    materializeTree(h) {
      const out = join(dir, 'trees', h);
      if (existsSync(out)) return out;
      const tmp = store.tempDir('tree');
      for (const [p, oh] of store.readTree(h).entries) {
        const dst = join(tmp, p);
        mkdirSync(join(dst, '..'), { recursive: true });
        copyFileSync(objectPath(oh), dst, constants.COPYFILE_FICLONE); // a copy: a stage writing to its input cannot damage objects
      }
      mkdirSync(join(dir, 'trees'), { recursive: true });
      try { renameSync(tmp, out); } catch { rmSync(tmp, { recursive: true, force: true }); } // another run won the race
      return out;
    },
    readKey(stage, key) {
      try {
        const rec = JSON.parse(readFileSync(keyPath(stage, key), 'utf8')) as KeyRecord;
        return rec.key === key && rec.outputs && typeof rec.outputs === 'object' ? rec : undefined;
      } catch {
        return undefined; // missing or torn: recompute
      }
    },
    writeKey(rec) {
      writeFileRenamed(keyPath(rec.stage, rec.key), JSON.stringify(rec));
    },
    hasKey(stage, key) {
      return existsSync(keyPath(stage, key));
    },
    tempDir(label) {
      const d = join(dir, 'tmp', `${label}-${process.pid}-${randomBytes(6).toString('hex')}`);
      mkdirSync(d, { recursive: true });
      return d;
    },
    manifestPath,
    readManifest(p, s, shard) {
      try { return JSON.parse(readFileSync(manifestPath(p, s, shard), 'utf8')) as StageManifest; } catch { return undefined; }
    },
    writeManifest(m) {
      const f = manifestPath(m.pipeline, m.stage, m.shard);
      writeIfChanged(f, JSON.stringify(sortedManifest(m), null, 1) + '\n');
      return f;
    },
  };
  return store;
}

/** Manifest with videos sorted by id, so equal runs write equal bytes. */
export function sortedManifest(m: StageManifest): StageManifest {
  const videos: Record<string, StageManifest['videos'][string]> = {};
  for (const id of Object.keys(m.videos).sort()) videos[id] = m.videos[id]!;
  const out: StageManifest = { ...m, videos };
  if (m.failed && Object.keys(m.failed).length) {
    out.failed = Object.fromEntries(Object.entries(m.failed).sort(([a], [b]) => (a < b ? -1 : 1)));
  } else delete out.failed;
  return out;
}

/** writeFileAtomic (fsync + rename) unless the file already holds exactly these bytes: no-op reruns stay cheap and leave files untouched. */
export function writeIfChanged(f: string, text: string): void {
  try { if (readFileSync(f, 'utf8') === text) return; } catch { /* absent */ }
  writeFileAtomic(f, text);
}

export function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}
