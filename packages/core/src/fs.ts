import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file atomically: write to a temp file in the same directory, fsync, then rename over
 * the target. A reader sees either the old file or the whole new one; a killed writer leaves
 * only a `.tmp-*` file that `isTempFile` recognises and garbage collection removes.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

export function isTempFile(name: string): boolean {
  return basename(name).startsWith('.tmp-');
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
