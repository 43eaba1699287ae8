import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Canonical JSON: object keys sorted, no whitespace, -0 written as 0, undefined fields dropped.
 * Two configs that mean the same thing hash the same regardless of key order.
 * Non-finite numbers are rejected because JSON would silently turn them into null.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canon(value, '$'));
}

function canon(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
    return Object.is(v, -0) ? 0 : v;
  }
  if (Array.isArray(v)) return v.map((x, i) => canon(x === undefined ? null : x, `${path}[${i}]`));
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x, i) => canon(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canon(x, `${path}.${k}`);
    }
    return out;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof v} at ${path}`);
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hashJson(value: unknown): string {
  return sha256(canonicalJson(value));
}

/** Streaming SHA-256 of a file's bytes (content, never modification time). */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
