import { readFileSync, existsSync } from 'node:fs';
import { InputError } from '@wsstad/core';

export interface NpyArray {
  shape: number[];
  data: Float32Array;
  dtype: 'f4' | 'f8';
}

/**
 * Read a NumPy .npy file of float32 or float64, little-endian, C order (what np.save writes on
 * every common machine). Header: magic \x93NUMPY, version, header length (2 bytes in v1, 4 in
 * v2/v3), then a Python dict literal with descr, fortran_order and shape.
 */
export function readNpy(file: string): NpyArray {
  if (!existsSync(file)) throw new InputError('.npy file not found', { file });
  return parseNpy(readFileSync(file), file);
}

export function parseNpy(buf: Uint8Array, file: string): NpyArray {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const hint = 'save it with np.save(path, features.astype(np.float32)) (C order, little-endian)';
  if (b.length < 10 || b[0] !== 0x93 || b.toString('latin1', 1, 6) !== 'NUMPY')
    throw new InputError('not a .npy file (magic \\x93NUMPY missing)', { file, hint });
  const major = b[6]!;
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + hlen);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined)
    throw new InputError(`unreadable .npy header: ${header.trim()}`, { file, hint });
  if (fortran === 'True')
    throw new InputError('Fortran-order .npy arrays are not supported', {
      file,
      hint: 'np.save(path, np.ascontiguousarray(a))',
    });
  const dtype = descr === '<f4' ? 'f4' : descr === '<f8' ? 'f8' : null;
  if (!dtype)
    throw new InputError(`.npy dtype ${descr} is not supported (float32 '<f4' or float64 '<f8' only)`, { file, hint });
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, x) => a * x, 1);
  const off = start + hlen;
  const size = dtype === 'f4' ? 4 : 8;
  if (b.length - off !== count * size)
    throw new InputError(`.npy data holds ${b.length - off} bytes, shape [${shape}] needs ${count * size}`, {
      file,
      hint: 'the file is truncated or corrupt',
    });
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = size === 4 ? b.readFloatLE(off + i * 4) : b.readDoubleLE(off + i * 8);
  return { shape, data, dtype };
}

/** Write a float32 .npy (v1) file's bytes (tests, and users exporting features). */
export function encodeNpy(shape: readonly number[], data: Float32Array | Float64Array): Uint8Array {
  const f8 = data instanceof Float64Array;
  let header =
    `{'descr': '${f8 ? '<f8' : '<f4'}', 'fortran_order': False, 'shape': ` +
    `(${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const hb = Buffer.from(header, 'latin1');
  const out = Buffer.alloc(10 + hb.length + data.byteLength);
  out[0] = 0x93;
  out.write('NUMPY', 1, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(hb.length, 8);
  hb.copy(out, 10);
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 10 + hb.length);
  return out;
}
