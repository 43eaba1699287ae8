import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, describeJsonError, ensureDir, sha256, writeFileAtomic } from '@wsstad/core';

/** One named float32 tensor of a bundle. */
export interface BundleTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface IndexEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/**
 * A JSON index plus one little-endian float32 binary file: the weights format of saved models
 * and checkpoints. Written atomically (binary first, index last), so a reader that finds the
 * index finds the whole binary; the index carries the binary's sha256 to detect truncation.
 */
export function writeBundle(
  dir: string,
  base: string,
  meta: Record<string, unknown>,
  tensors: readonly BundleTensor[],
): void {
  ensureDir(dir);
  const total = tensors.reduce((s, t) => s + t.data.length, 0);
  const bin = new Float32Array(total);
  const index: IndexEntry[] = [];
  let off = 0;
  for (const t of tensors) {
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (expected !== t.data.length)
      throw new RangeError(`bundle tensor ${t.name}: shape ${t.shape} does not match ${t.data.length} values`);
    bin.set(t.data, off);
    index.push({ name: t.name, shape: t.shape, offset: off, length: t.data.length });
    off += t.data.length;
  }
  const bytes = new Uint8Array(bin.buffer);
  writeFileAtomic(join(dir, `${base}.bin`), bytes);
  writeFileAtomic(
    join(dir, `${base}.json`),
    JSON.stringify({ ...meta, weightsFile: `${base}.bin`, weightsSha256: sha256(bytes), tensors: index }, null, 1),
  );
}

export interface ReadBundle {
  meta: Record<string, unknown>;
  tensors: Map<string, BundleTensor>;
}

export function readBundle(dir: string, base: string): ReadBundle {
  const idxPath = join(dir, `${base}.json`);
  if (!existsSync(idxPath))
    throw new ArtifactError(`missing ${base}.json`, {
      file: dir,
      hint: 'pass a directory written by saveModel / the train stage',
    });
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(idxPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ArtifactError(`unreadable model index: ${describeJsonError(e)}`, {
      file: idxPath,
      hint: 'the file is corrupt: retrain or restore it',
    });
  }
  const binPath = join(dir, String(meta.weightsFile ?? `${base}.bin`));
  if (!existsSync(binPath))
    throw new ArtifactError('weights file missing', { file: binPath, hint: 'copy the whole model directory' });
  const buf = readFileSync(binPath);
  if (meta.weightsSha256 !== undefined && sha256(buf) !== meta.weightsSha256)
    throw new ArtifactError('weights file does not match its index (truncated or replaced)', {
      file: binPath,
      hint: 'copy the whole model directory again or retrain',
    });
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const tensors = new Map<string, BundleTensor>();
  for (const e of meta.tensors as IndexEntry[]) {
    if (e.offset + e.length > all.length)
      throw new ArtifactError(`tensor ${e.name} lies past the end of the weights file`, { file: binPath });
    const data = all.slice(e.offset, e.offset + e.length);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    // A diverged or damaged model scores everything NaN; refuse it here, naming the tensor.
    if (bad >= 0)
      throw new ArtifactError(`weights tensor '${e.name}' holds a non-finite value (${data[bad]} at element ${bad})`, {
        file: binPath,
        hint:
          'the model diverged or the file is damaged: retrain (wsstad run <pipeline> --force <train ' +
          'stage>, maybe with a lower learning rate) or restore the model directory',
      });
    tensors.set(e.name, { name: e.name, shape: e.shape, data });
  }
  return { meta, tensors };
}
