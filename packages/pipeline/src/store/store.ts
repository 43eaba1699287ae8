import {
  copyFileSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ArtifactError, canonicalJson, sha256, silentLogger, writeFileAtomic, type Logger } from '@wsstad/core';
import type { KeyRecord, StageManifest, StoredOutput } from '../types';
import { hashFileSync, writeFileRenamed } from './hashing';
import {
  assertHash,
  assertSegment,
  checkTreeEntries,
  HEX64,
  keySeal,
  materializedProblem,
  rethrowNoSpace,
} from './integrity';

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
  /**
   * A copy of a tree as a directory under trees/<hash>/, built from verified objects. An existing
   * copy is re-hashed against the tree object on first use in this Store's life and rebuilt (with
   * a warning) when a file was edited, added, removed or replaced by a link.
   */
  materializeTree(hash: string): string;
  /**
   * The key file's record when it parses, names this key and its seal matches its content (or it has no seal: an older
   * store).
   */
  readKey(stage: string, key: string): KeyRecord | undefined;
  keyPath(stage: string, key: string): string;
  writeKey(rec: KeyRecord): void;
  hasKey(stage: string, key: string): boolean;
  /** A fresh staging directory on the store's filesystem (so moving outputs in is a rename). */
  tempDir(label: string): string;
  manifestPath(pipeline: string, stage: string, shard?: { index: number; count: number }): string;
  readManifest(pipeline: string, stage: string, shard?: { index: number; count: number }): StageManifest | undefined;
  writeManifest(m: StageManifest): string;
}

export interface StoreOptions {
  /** Where repairs are reported (a rebuilt materialised tree, a rejected key file). */
  log?: Logger;
}

export function openStore(dir: string, opts: StoreOptions = {}): Store {
  const log = opts.log ?? silentLogger;
  const verified = new Map<string, boolean>();
  const treesChecked = new Set<string>();
  const objectPath = (h: string) => {
    assertHash(h, `object name '${String(h).slice(0, 80)}'`, dir);
    return join(dir, 'objects', h.slice(0, 2), h);
  };
  const keyPath = (stage: string, key: string) => {
    assertSegment(stage, 'stage implementation name', dir);
    assertHash(key, `cache key '${String(key).slice(0, 80)}'`, dir);
    return join(dir, 'keys', stage, key.slice(0, 2), `${key}.json`);
  };
  const manifestPath = (p: string, s: string, shard?: { index: number; count: number }) =>
    join(dir, 'manifests', p, shard ? `${s}.shard-${shard.index}-of-${shard.count}.json` : `${s}.json`);

  const moveIn = (src: string, h: string) => {
    const dst = objectPath(h);
    if (verified.get(h) === true || (existsSync(dst) && store.verify(h))) {
      rmSync(src, { force: true });
      return h;
    }
    try {
      mkdirSync(join(dir, 'objects', h.slice(0, 2)), { recursive: true });
      renameSync(src, dst); // atomic: readers see no object or the whole object
    } catch (e) {
      rethrowNoSpace(e, `storing object ${h}`, dst);
    }
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
      const tmpDir = store.tempDir('bytes');
      try {
        const tmp = join(tmpDir, 'blob');
        try {
          writeFileRenamed(tmp, data);
        } catch (e) {
          rethrowNoSpace(e, `storing object ${h}`, tmp);
        }
        return moveIn(tmp, h);
      } finally {
        rmSync(tmpDir, { recursive: true, force: true }); // no empty tmp/bytes-* left behind
      }
    },
    putTree(root) {
      const entries: Array<[string, string]> = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) entries.push([relative(root, p).split('\\').join('/'), store.putFile(p)]);
          else
            throw new ArtifactError(`stage output contains '${e.name}', which is neither a file nor a directory`, {
              file: p,
            });
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
      try {
        ok = HEX64.test(h) && hashFileSync(objectPath(h)) === h;
      } catch {
        ok = false;
      }
      verified.set(h, ok);
      return ok;
    },
    verifyOutput(o) {
      if (!store.verify(o.hash)) return false;
      if (o.type === 'file') return true;
      try {
        return store.readTree(o.hash).entries.every(([, h]) => store.verify(h));
      } catch {
        return false;
      }
    },
    readTree(h) {
      const file = objectPath(h);
      let t: TreeObject;
      try {
        t = JSON.parse(readFileSync(file, 'utf8')) as TreeObject;
      } catch {
        throw new ArtifactError(`object ${h} is not a tree (unreadable or not JSON)`, {
          file,
          hint: 'delete it and rerun the stage that produced it',
        });
      }
      if (!t || t.wsstadTree !== 1)
        throw new ArtifactError(`object ${h} is not a tree`, {
          file,
          hint: 'delete it and rerun the stage that produced it',
        });
      checkTreeEntries(t.entries, file);
      return t;
    },
    materializeTree(h) {
      const out = join(dir, 'trees', h);
      if (treesChecked.has(h)) return out;
      const tree = store.readTree(h);
      if (existsSync(out) || isLink(out)) {
        const problem = materializedProblem(out, tree.entries);
        if (!problem) {
          treesChecked.add(h);
          return out;
        }
        log.warn(
          `materialised tree ${out} does not match its tree object (${problem}); rebuilding it from the ` +
            `store's objects`,
        );
        const trash = store.tempDir('trash');
        renameSync(out, join(trash, 'old')); // atomic swap-out: readers never see a half-deleted tree
        rmSync(trash, { recursive: true, force: true });
      }
      for (const [p, oh] of tree.entries) {
        if (!store.verify(oh))
          throw new ArtifactError(`object ${oh} (entry '${p}' of tree ${h}) is missing or corrupt`, {
            file: objectPath(oh),
            hint: 'rerun the stage that produced it with --force <stage> to recompute it',
          });
      }
      const tmp = store.tempDir('tree');
      try {
        for (const [p, oh] of tree.entries) {
          const dst = join(tmp, p); // p is confined (checkTreeEntries): dst stays inside tmp
          mkdirSync(join(dst, '..'), { recursive: true });
          // a copy: a stage writing to its input cannot damage objects
          copyFileSync(objectPath(oh), dst, constants.COPYFILE_FICLONE);
        }
        mkdirSync(join(dir, 'trees'), { recursive: true });
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        rethrowNoSpace(e, `materialising tree ${h}`, out);
      }
      try {
        renameSync(tmp, out);
      } catch {
        rmSync(tmp, { recursive: true, force: true });
      } // another run won the race
      treesChecked.add(h);
      return out;
    },
    keyPath,
    readKey(stage, key) {
      const f = keyPath(stage, key);
      let rec: KeyRecord;
      try {
        rec = JSON.parse(readFileSync(f, 'utf8')) as KeyRecord;
      } catch {
        return undefined;
      } // missing or torn: recompute
      if (
        !rec ||
        rec.key !== key ||
        rec.stage !== stage ||
        !rec.outputs ||
        typeof rec.outputs !== 'object' ||
        !rec.lineage
      )
        return undefined;
      if (rec.seal !== keySeal(rec)) {
        // written before seals existed: the runner accepts it only if its manifest agrees (then seals it)
        if (rec.seal === undefined) return rec;
        log.warn(
          `key file ${f} does not match its content (outputs, video or lineage edited, or written by an ` +
            `older wsstad); ignoring it and recomputing`,
        );
        return undefined;
      }
      return rec;
    },
    writeKey(rec) {
      const f = keyPath(rec.stage, rec.key);
      const { seal: _old, ...body } = rec;
      try {
        writeFileRenamed(f, JSON.stringify({ ...body, seal: keySeal(body) }));
      } catch (e) {
        rethrowNoSpace(e, 'writing a key file', f);
      }
    },
    hasKey(stage, key) {
      return existsSync(keyPath(stage, key));
    },
    tempDir(label) {
      const d = join(dir, 'tmp', `${label}-${process.pid}-${randomBytes(6).toString('hex')}`);
      try {
        mkdirSync(d, { recursive: true });
      } catch (e) {
        rethrowNoSpace(e, 'creating a staging folder', d);
      }
      return d;
    },
    manifestPath,
    readManifest(p, s, shard) {
      try {
        return JSON.parse(readFileSync(manifestPath(p, s, shard), 'utf8')) as StageManifest;
      } catch {
        return undefined;
      }
    },
    writeManifest(m) {
      const f = manifestPath(m.pipeline, m.stage, m.shard);
      try {
        writeIfChanged(f, JSON.stringify(sortedManifest(m), null, 1) + '\n');
      } catch (e) {
        rethrowNoSpace(e, 'writing a stage manifest', f);
      }
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

/**
 * writeFileAtomic (fsync + rename) unless the file already holds exactly these bytes: no-op reruns stay cheap and leave
 * files untouched.
 */
export function writeIfChanged(f: string, text: string): void {
  try {
    if (readFileSync(f, 'utf8') === text) return;
  } catch {
    /* absent */
  }
  writeFileAtomic(f, text);
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
