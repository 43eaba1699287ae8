import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, hashFile, hashJson, sha256 } from './hash';

describe('canonical JSON hashing', () => {
  it('ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
    expect(hashJson({ a: 1, b: { c: 2, d: 3 } })).toBe(hashJson({ b: { d: 3, c: 2 }, a: 1 }));
  });
  it('keeps array order significant', () => {
    expect(hashJson([1, 2])).not.toBe(hashJson([2, 1]));
  });
  it('drops undefined fields, normalises -0 and typed arrays', () => {
    expect(canonicalJson({ a: undefined, b: -0 })).toBe('{"b":0}');
    expect(canonicalJson({ v: Float32Array.from([0.5, 1]) })).toBe('{"v":[0.5,1]}');
  });
  it('rejects non-finite numbers instead of hashing them as null', () => {
    expect(() => canonicalJson({ lr: NaN })).toThrow(/non-finite number at \$\.lr/);
    expect(() => canonicalJson([Infinity])).toThrow(/\$\[0\]/);
  });
  it('hashes file content, not metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsstad-hash-'));
    writeFileSync(join(dir, 'a'), 'same bytes');
    writeFileSync(join(dir, 'b'), 'same bytes');
    expect(await hashFile(join(dir, 'a'))).toBe(await hashFile(join(dir, 'b')));
    expect(await hashFile(join(dir, 'a'))).toBe(sha256('same bytes'));
  });
});
