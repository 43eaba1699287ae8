import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, sha256 } from '@wsstad/core';
import { readBundle, writeBundle } from './bundle';

describe('readBundle finite check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads finite weights; refuses a NaN weight (with a matching checksum) naming file, tensor and fix', () => {
    writeBundle(dir, 'model', {}, [
      { name: 'w', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) },
      { name: 'b', shape: [2], data: Float32Array.of(0, 1) },
    ]);
    expect(readBundle(dir, 'model').tensors.get('b')!.data).toEqual(Float32Array.of(0, 1));
    const bin = new Float32Array(new Uint8Array(readFileSync(join(dir, 'model.bin'))).buffer);
    bin[5] = NaN; // element 1 of 'b'
    const bytes = new Uint8Array(bin.buffer);
    writeFileSync(join(dir, 'model.bin'), bytes);
    const idx = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...idx, weightsSha256: sha256(bytes) }));
    expect(() => readBundle(dir, 'model')).toThrow(ArtifactError);
    expect(() => readBundle(dir, 'model')).toThrow(
      /model\.bin: weights tensor 'b' holds a non-finite value \(NaN at element 1\)[\s\S]*Fix: .*retrain/,
    );
  });
});
