import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, InputError } from '@wsstad/core';
import { c3dTensorShapes, type C3dArch } from './arch';
import { loadC3dModel } from './model';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { randomC3dWeights } from './weights';

/** Reduced C3D (as in c3d.spec.ts): the weights are validated before any ONNX graph is built. */
const SMALL: C3dArch = { clipLength: 16, inputSize: 32, channels: [2, 3, 4, 4, 5, 5, 6, 6], fc6: 10 };
/** Stands for the start of a file that is not a weights file at all (a mistyped path). */
const SECRET = 'root:x:0:0:root:/root:/bin/bash';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'c3d-weights-safety-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function weightsFile(name: string, edit: (w: Record<string, Float32Array>) => void): string {
  const w = randomC3dWeights(SMALL, 5);
  edit(w);
  const shapes = c3dTensorShapes(SMALL);
  const file = join(dir, name);
  writeFileSync(file, encodeSafetensors(Object.entries(w).map(([n, data]) => ({ name: n, shape: shapes[n]!, data }))));
  return file;
}

function withHeader(header: string): Buffer {
  const h = Buffer.from(header);
  const buf = Buffer.alloc(8 + h.length);
  buf.writeBigUInt64LE(BigInt(h.length), 0);
  h.copy(buf, 8);
  return buf;
}

describe('C3D safetensors weights: non-finite values and hostile headers', () => {
  const NON_FINITE = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ] as const;
  it.each(NON_FINITE)('refuses %s in a tensor, naming file, tensor and fix', async (_, v) => {
    const file = weightsFile(`bad-${String(v)}.safetensors`, (w) => {
      w['conv3a.weight']![7] = v;
    });
    const err = await loadC3dModel({ weights: file, arch: SMALL, device: 'cpu' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    const msg = (err as Error).message;
    expect(msg).toContain(file);
    expect(msg).toContain("tensor 'conv3a.weight'");
    expect(msg).toContain('element 7');
    expect(msg).toMatch(/re-export/);
  });

  it('never quotes the header of a file that is not safetensors', () => {
    let err: unknown = null;
    try {
      parseSafetensors(withHeader(`${SECRET}\n`), 'passwd');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/not valid JSON/);
    expect((err as Error).message).not.toContain('root');
  });

  it('a header that is JSON but no object, or a null tensor entry, is a clear error (no TypeError)', () => {
    for (const h of ['null', '[1]', '{"a": null}']) {
      expect(() => parseSafetensors(withHeader(h), 'h.safetensors')).toThrow(InputError);
    }
  });
});
