import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UnavailableError, type Logger } from '@wsstad/core';
import { DEFAULT_LOCK_POLL_MS } from '../defaults';

/** Contents of a lock file: enough to tell whether its owner still lives. */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  purpose: string;
}

export interface LockOptions {
  /** Wait this long (ms) for a held lock; 0 fails at once. */
  timeoutMs?: number;
  log?: Logger;
  pollMs?: number;
}

export interface HeldLock {
  file: string;
  release(): void;
}

function alive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true; // cannot tell for another machine: assume alive
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readInfo(file: string): LockInfo | undefined | 'gone' {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

/** Remove `file` if its owner is a dead process on this host. True when it is free now. */
function clearIfStale(file: string, log?: Logger): boolean {
  const info = readInfo(file);
  if (info === 'gone') return true;
  if (info === undefined || alive(info)) return false;
  log?.warn(`removing stale lock ${file} (pid ${info.pid} on ${info.host}, started ${info.startedAt}, is gone)`);
  rmSync(file, { force: true });
  return true;
}

/**
 * Create `file` only if absent, with its content already in place: the info is written to a
 * private temp file and hard-linked to the lock name (link fails with EEXIST like O_CREAT|O_EXCL,
 * but a reader can never see a half-written lock file).
 */
function tryCreate(file: string, purpose: string): boolean {
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), purpose };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(info), { flag: 'wx' });
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describe(file: string): string {
  const info = readInfo(file);
  return info && info !== 'gone'
    ? `held by pid ${info.pid} on ${info.host} since ${info.startedAt} (${info.purpose})`
    : 'held';
}

/**
 * Exclusive named lock `<storeDir>/locks/<name>.lock` (O_EXCL create). A lock whose pid is dead
 * on this host is stale and removed. While held by a live process: wait up to timeoutMs with a
 * message, then fail with UnavailableError saying who holds it.
 */
export async function acquireLock(
  storeDir: string,
  name: string,
  purpose: string,
  opts: LockOptions = {},
): Promise<HeldLock> {
  const dir = join(storeDir, 'locks');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.lock`);
  const deadline = Date.now() + (opts.timeoutMs ?? 0);
  let told = false;
  for (;;) {
    if (tryCreate(file, purpose)) return { file, release: () => rmSync(file, { force: true }) };
    if (clearIfStale(file, opts.log)) continue;
    if (Date.now() >= deadline) {
      throw new UnavailableError(`store lock ${file} is ${describe(file)}`, {
        file,
        hint:
          'another run is using this store: wait for it, pass --lock-timeout <seconds> to wait, or delete ' +
          'the lock file if that process is really gone',
      });
    }
    if (!told) {
      opts.log?.info(`waiting for store lock ${file}: ${describe(file)}`);
      told = true;
    }
    await sleep(opts.pollMs ?? DEFAULT_LOCK_POLL_MS);
  }
}

/**
 * Runs register in locks/active/ so gc (which deletes) can wait for them, and wait for gc.
 * Both sides create their own file first, then check the other's: at least one sees the other.
 * A run that sees gc withdraws its presence while it waits and registers again afterwards, so
 * gc (which waits for presences to go) and a waiting run never wait for each other.
 */
export async function acquireRunPresence(storeDir: string, purpose: string, opts: LockOptions = {}): Promise<HeldLock> {
  const dir = join(storeDir, 'locks', 'active');
  mkdirSync(dir, { recursive: true });
  const gc = join(storeDir, 'locks', 'gc.lock');
  const deadline = Date.now() + (opts.timeoutMs ?? 0);
  let told = false;
  for (;;) {
    const file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.lock`);
    tryCreate(file, purpose);
    if (!existsSync(gc) || clearIfStale(gc, opts.log)) return { file, release: () => rmSync(file, { force: true }) };
    rmSync(file, { force: true }); // not present while waiting: gc can go ahead and finish
    while (existsSync(gc) && !clearIfStale(gc, opts.log)) {
      if (Date.now() >= deadline) {
        throw new UnavailableError(`store is being garbage-collected: ${gc} is ${describe(gc)}`, {
          file: gc,
          hint: 'wait for wsstad gc to finish or pass --lock-timeout',
        });
      }
      if (!told) {
        opts.log?.info(`waiting for wsstad gc to finish (${gc} is ${describe(gc)})`);
        told = true;
      }
      await sleep(opts.pollMs ?? DEFAULT_LOCK_POLL_MS);
    }
  }
}

/** Live run-presence files (stale ones are removed). */
export function activeRuns(storeDir: string, log?: Logger): string[] {
  const dir = join(storeDir, 'locks', 'active');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((f) => !clearIfStale(f, log));
}
