import { readFileSync, existsSync } from 'node:fs';
import { describeJsonError, InputError } from '@wsstad/core';

export interface SafeTensor {
  dtype: string;
  shape: number[];
  data: Float32Array;
}

const HEADER_LIMIT = 100 * 1024 * 1024;

/**
 * Read a safetensors file: 8-byte little-endian header length, a JSON header mapping names to
 * { dtype, shape, data_offsets: [begin, end] } (offsets into the data section after the header),
 * then raw little-endian data. F32, F16, BF16 and F64 tensors are returned as Float32Array.
 */
export function readSafetensors(file: string): Map<string, SafeTensor> {
  if (!existsSync(file))
    throw new InputError('safetensors weights file not found', {
      file,
      hint: 'pass the path of a C3D weights file (see the c3d-features README for the expected tensor names)',
    });
  const buf = readFileSync(file);
  return parseSafetensors(buf, file);
}

export function parseSafetensors(buf: Uint8Array, file: string): Map<string, SafeTensor> {
  const bad = (msg: string) =>
    new InputError(`not a valid safetensors file: ${msg}`, {
      file,
      hint: 'write it with safetensors.torch.save_file(model.state_dict(), path)',
    });
  if (buf.byteLength < 8) throw bad('shorter than its 8-byte header length');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  if (n <= 0 || n > HEADER_LIMIT || 8 + n > buf.byteLength)
    throw bad(`header length ${n} does not fit the file (${buf.byteLength} bytes)`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 8, n).toString('utf8'));
  } catch (e) {
    // Never JSON.parse's own message: it quotes the input, and the path may name any file.
    throw bad(`its ${n}-byte header is ${describeJsonError(e)}`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw bad('its header is not a JSON object');
  }
  const base = 8 + n;
  const out = new Map<string, SafeTensor>();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (t === null || typeof t !== 'object') throw bad(`tensor '${name}' has no { dtype, shape, data_offsets } entry`);
    const [b, e] = t.data_offsets ?? [];
    const count = (t.shape ?? []).reduce((a, x) => a * x, 1);
    const size = BYTES[t.dtype];
    if (size === undefined)
      throw new InputError(`tensor '${name}' has dtype ${t.dtype}; supported: ${Object.keys(BYTES).join(', ')}`, {
        file,
        hint: 'save the weights as float32 (model.float())',
      });
    if (typeof b !== 'number' || typeof e !== 'number' || e - b !== count * size || base + e > buf.byteLength)
      throw bad(
        `tensor '${name}' offsets [${b}, ${e}] do not match shape [${t.shape}] x ${size} bytes or the file size`,
      );
    out.set(name, { dtype: t.dtype, shape: t.shape, data: decode(buf, base + b, count, t.dtype) });
  }
  return out;
}

const BYTES: Readonly<Record<string, number>> = Object.freeze({ F32: 4, F16: 2, BF16: 2, F64: 8 });

function decode(buf: Uint8Array, off: number, count: number, dtype: string): Float32Array {
  const dv = new DataView(buf.buffer, buf.byteOffset + off, count * BYTES[dtype]!);
  const out = new Float32Array(count);
  if (dtype === 'F32' && (buf.byteOffset + off) % 4 === 0)
    return new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + count * 4));
  if (dtype === 'F32') {
    for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
    return out;
  }
  if (dtype === 'F64') {
    for (let i = 0; i < count; i++) out[i] = dv.getFloat64(i * 8, true);
    return out;
  }
  if (dtype === 'BF16') {
    const f = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < count; i++) {
      f.setUint32(0, dv.getUint16(i * 2, true) << 16);
      out[i] = f.getFloat32(0);
    }
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true));
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Write float32 tensors as safetensors (tests, benchmarks, and users converting weights). */
export function encodeSafetensors(
  tensors: ReadonlyArray<{ name: string; shape: number[]; data: Float32Array }>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  let off = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [off, off + t.data.length * 4] };
    off += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const hb = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + hb.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  let p = 8 + hb.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), p);
    p += t.data.byteLength;
  }
  return out;
}
