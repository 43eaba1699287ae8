import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, canonicalJson, sha256 } from '@wsstad/core';
import type { KeyRecord } from '../types';
import { hashFileSync } from './hashing';

export const HEX64 = /^[0-9a-f]{64}$/;

/** Names used as one path segment inside the store (stage implementations, pipelines). */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Codes of a full or read-only filesystem: reported as a typed error, not a stack trace. */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/**
 * A relative path stored in a tree object must stay inside the tree: no absolute path, no `..`,
 * `.` or empty segment, no backslash or NUL (a store restored from a CI cache is not trusted).
 */
export function isSafeRelPath(p: unknown): p is string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 4096) return false;
  if (p.includes('\\') || p.includes('\0') || p.startsWith('/')) return false;
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** A store path segment (stage implementation name, key): one plain name, never `..` or a path. */
export function assertSegment(name: string, what: string, file?: string): void {
  if (!SEGMENT.test(name) || name.includes('..')) {
    throw new ArtifactError(
      `${what} '${name.slice(0, 80)}' is not a plain name; the store may be corrupt or tampered with`,
      { file, hint: 'delete the named file (or run wsstad gc) and rerun to recompute it' },
    );
  }
}

export function assertHash(h: unknown, what: string, file?: string): asserts h is string {
  if (typeof h !== 'string' || !HEX64.test(h)) {
    throw new ArtifactError(`${what} is not a sha256 hash`, {
      file,
      hint: 'delete the named file (or run wsstad gc) and rerun to recompute it',
    });
  }
}

/**
 * Entries of a tree object, checked: sorted, unique, confined paths, hash names, and no entry that
 * is both a file and a directory. Throws ArtifactError naming the tree object otherwise.
 */
export function checkTreeEntries(entries: unknown, file: string): Array<[string, string]> {
  if (!Array.isArray(entries))
    throw new ArtifactError('tree object has no entry list', {
      file,
      hint: 'delete it and rerun the stage that produced it',
    });
  const seen = new Set<string>();
  let prev = '';
  for (const e of entries as unknown[]) {
    if (!Array.isArray(e) || e.length !== 2)
      throw new ArtifactError('tree object has a malformed entry', {
        file,
        hint: 'delete it and rerun the stage that produced it',
      });
    const [p, h] = e as [unknown, unknown];
    if (!isSafeRelPath(p)) {
      throw new ArtifactError(
        `tree entry path ${JSON.stringify(String(p).slice(0, 120))} escapes its folder (absolute, '..' ` +
          `or empty segment); refusing to materialise it`,
        {
          file,
          hint:
            'this store was tampered with or restored from an untrusted cache: delete the tree object (or ' +
            'the store) and rerun',
        },
      );
    }
    assertHash(h, `tree entry '${p}'`, file);
    if (p <= prev && prev !== '')
      throw new ArtifactError(`tree entries are not sorted and unique at '${p}'`, {
        file,
        hint: 'delete it and rerun the stage that produced it',
      });
    prev = p;
    seen.add(p);
  }
  for (const p of seen) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (seen.has(parts.slice(0, i).join('/')))
        throw new ArtifactError(`tree entry '${parts.slice(0, i).join('/')}' is both a file and a directory`, {
          file,
          hint: 'delete it and rerun the stage that produced it',
        });
    }
  }
  return entries as Array<[string, string]>;
}

/**
 * Compare a materialised directory with its tree object: same set of regular files (no links,
 * no extra or missing files) and every file re-hashes to its entry. Undefined when it matches,
 * else a short reason (for the "rebuilding" message).
 */
export function materializedProblem(dir: string, entries: Array<[string, string]>): string | undefined {
  try {
    if (!lstatSync(dir).isDirectory()) return 'not a directory';
  } catch {
    return 'missing';
  }
  const want = new Map(entries);
  const found: string[] = [];
  const walk = (d: string, rel: string): string | undefined => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        const p = walk(join(d, e.name), r);
        if (p) return p;
        continue;
      }
      if (!e.isFile()) return `'${r}' is a link or special file`;
      found.push(r);
      const h = want.get(r);
      if (!h) return `unexpected file '${r}'`;
      if (hashFileSync(join(d, e.name)) !== h) return `'${r}' was modified`;
    }
    return undefined;
  };
  try {
    const p = walk(dir, '');
    if (p) return p;
  } catch (e) {
    return `unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  if (found.length !== want.size) return `${want.size - found.length} file(s) missing`;
  return undefined;
}

/** Seal binding a key file's key to its outputs, video and lineage: an edited or mixed-up key file fails it. */
export function keySeal(rec: Omit<KeyRecord, 'seal'>): string {
  return sha256(
    canonicalJson({
      v: 1,
      key: rec.key,
      stage: rec.stage,
      videoId: rec.videoId ?? null,
      outputs: rec.outputs,
      lineage: rec.lineage,
    }),
  );
}

/** Rethrow a full/read-only filesystem error as an ArtifactError saying what was being written; others unchanged. */
export function rethrowNoSpace(e: unknown, what: string, file: string): never {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && NO_SPACE.has(code)) {
    throw new ArtifactError(`${code === 'EROFS' ? 'read-only filesystem' : 'no space left on device'} while ${what}`, {
      file,
      cause: e,
      hint:
        'free space on that filesystem (wsstad gc removes unreferenced store entries) and rerun; finished ' +
        'results in the store are intact and are reused',
    });
  }
  throw e;
}
