import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, Rng, UnavailableError } from '@wsstad/core';
import { C3D_ARCH, c3dMacs, c3dTensorShapes, fc6Inputs, type C3dArch } from './arch';
import { buildC3dOnnx } from './graph';
import { createC3dFromWeights, loadC3dModel } from './model';
import { referenceC3d } from './reference';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { randomC3dWeights } from './weights';

/** Same layer structure as C3D, reduced channels and input so the JS reference runs in well under a second. */
const SMALL: C3dArch = { clipLength: 16, inputSize: 32, channels: [2, 3, 4, 4, 5, 5, 6, 6], fc6: 10 };
/** float32 ONNX vs float64-accumulating JS loops: differences come only from summation order. */
const MATCH_TOL = 1e-4;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'c3d-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function randomClips(arch: C3dArch, n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * 3 * arch.clipLength * arch.inputSize ** 2 }, () => rng.uniform(-1, 1));
}

describe('C3D graph', () => {
  it('has the paper-sized shapes: 8192 fc6 inputs, 38.5 G multiply-adds', () => {
    expect(fc6Inputs(C3D_ARCH)).toBe(8192);
    expect(c3dMacs(C3D_ARCH) / 1e9).toBeCloseTo(38.5, 0);
    const params = Object.values(c3dTensorShapes(C3D_ARCH)).reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
    expect(params / 1e6).toBeCloseTo(61, 0);
    expect(fc6Inputs(SMALL)).toBe(6 * 1 * 2 * 2);
  });

  it('the JS-built ONNX graph matches a plain JS computation of the same layers', async () => {
    const w = randomC3dWeights(SMALL, 7);
    const model = await createC3dFromWeights(w, { arch: SMALL, device: 'cpu' });
    const x = randomClips(SMALL, 2, 1);
    const y = await model.run(x, 2);
    const per = x.length / 2;
    let maxAbs = 0;
    let maxDiff = 0;
    let positives = 0;
    for (let n = 0; n < 2; n++) {
      const ref = referenceC3d(SMALL, w, x.subarray(n * per, (n + 1) * per));
      ref.forEach((r, k) => {
        maxAbs = Math.max(maxAbs, Math.abs(r));
        maxDiff = Math.max(maxDiff, Math.abs(r - y[n * SMALL.fc6 + k]!));
        if (r > 0) positives++;
      });
    }
    expect(positives).toBeGreaterThan(2); // the comparison is not between two zero vectors
    expect(maxDiff / maxAbs).toBeLessThan(MATCH_TOL);
    await model.dispose();
  });

  it('loads the same network from a safetensors file', async () => {
    const w = randomC3dWeights(SMALL, 3);
    const shapes = c3dTensorShapes(SMALL);
    const file = join(dir, 'small.safetensors');
    writeFileSync(
      file,
      encodeSafetensors(Object.entries(w).map(([name, data]) => ({ name, shape: shapes[name]!, data }))),
    );
    const fromFile = await loadC3dModel({ weights: file, arch: SMALL, device: 'cpu' });
    const inMemory = await createC3dFromWeights(w, { arch: SMALL, device: 'cpu' });
    const x = randomClips(SMALL, 1, 2);
    expect(Array.from(await fromFile.run(x, 1))).toEqual(Array.from(await inMemory.run(x, 1)));
    await fromFile.dispose();
    await inMemory.dispose();
  });

  it('lists every missing tensor and names the file', async () => {
    const w = randomC3dWeights(SMALL, 3);
    const shapes = c3dTensorShapes(SMALL);
    const file = join(dir, 'partial.safetensors');
    const kept = Object.entries(w).filter(([n]) => n !== 'conv3b.weight' && n !== 'fc6.bias');
    writeFileSync(file, encodeSafetensors(kept.map(([name, data]) => ({ name, shape: shapes[name]!, data }))));
    const err = await loadC3dModel({ weights: file, arch: SMALL }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/missing tensors: conv3b\.weight, fc6\.bias/);
  });

  it('names a state-dict prefix in the hint', async () => {
    const w = randomC3dWeights(SMALL, 3);
    const shapes = c3dTensorShapes(SMALL);
    const file = join(dir, 'prefixed.safetensors');
    writeFileSync(
      file,
      encodeSafetensors(
        Object.entries(w).map(([name, data]) => ({ name: `module.${name}`, shape: shapes[name]!, data })),
      ),
    );
    await expect(loadC3dModel({ weights: file, arch: SMALL })).rejects.toThrow(/prefix \('module\.'\)/);
  });

  it('reads float16 tensors and rejects a corrupt header', () => {
    const header = Buffer.from(JSON.stringify({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }));
    const buf = Buffer.alloc(8 + header.length + 4);
    buf.writeBigUInt64LE(BigInt(header.length), 0);
    header.copy(buf, 8);
    buf.writeUInt16LE(0x3c00, 8 + header.length); // 1.0
    buf.writeUInt16LE(0xc000, 8 + header.length + 2); // -2.0
    expect(Array.from(parseSafetensors(buf, 'h.safetensors').get('a')!.data)).toEqual([1, -2]);
    buf.writeBigUInt64LE(BigInt(1e12), 0);
    expect(() => parseSafetensors(buf, 'h.safetensors')).toThrow(/header length/);
  });

  it('rejects an ONNX model whose input is not [N,3,16,112,112], naming the file', async () => {
    const file = join(dir, 'small.onnx');
    writeFileSync(file, buildC3dOnnx(SMALL, randomC3dWeights(SMALL, 1), c3dTensorShapes(SMALL)));
    const err = await loadC3dModel({ onnx: file, device: 'cpu' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('expected [N, 3, 16, 112, 112]');
  });

  it('accepts a user ONNX file of the right shapes', async () => {
    const file = join(dir, 'ok.onnx');
    writeFileSync(file, buildC3dOnnx(SMALL, randomC3dWeights(SMALL, 1), c3dTensorShapes(SMALL)));
    const m = await loadC3dModel({ onnx: file, arch: SMALL, device: 'cpu' });
    expect((await m.run(randomClips(SMALL, 3, 4), 3)).length).toBe(3 * SMALL.fc6);
    await m.dispose();
  });

  it('is unavailable without weights (never random by default)', async () => {
    await expect(loadC3dModel({})).rejects.toBeInstanceOf(UnavailableError);
    await expect(loadC3dModel({ weights: join(dir, 'nope.safetensors') })).rejects.toThrow(/not found/);
  });
});
