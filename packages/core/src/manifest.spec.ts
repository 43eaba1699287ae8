import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from './errors';
import { ManifestError, parseManifest, readManifest } from './manifest';

const dir = mkdtempSync(join(tmpdir(), 'wsstad-core-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  uri: `${id}.mp4`,
  split: 'test',
  label: 'normal',
  category: 'normal',
  ...extra,
});
let n = 0;
function write(content: unknown): string {
  const p = join(dir, `m${n++}.json`);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
function errorOf(content: unknown): ManifestError {
  try {
    readManifest(write(content));
  } catch (e) {
    return e as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

describe('readManifest', () => {
  it('accepts the bare list and the { videos } object, keeping only the known keys', () => {
    const list = [entry('a'), entry('b', { groundTruth: 'gt/b.json', split: 'train' })];
    const a = readManifest(write(list));
    expect(a.videos).toEqual(list);
    expect(a.dir).toBe(dir);
    expect(a.name).toBeUndefined();
    const b = readManifest(write({ version: 1, name: 'd', meta: { seed: 3 }, videos: list }));
    expect(b).toMatchObject({ version: 1, name: 'd', meta: { seed: 3 }, videos: list });
  });

  it('names the file and never quotes it when it is not JSON', () => {
    const e = errorOf('root:x:0:0:root:/root:/bin/bash\n');
    expect(e).toBeInstanceOf(ManifestError);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/m\d+\.json: cannot read the dataset manifest: not valid JSON/);
    expect(e.message).not.toMatch(/root|bash/);
    expect(e.message).toMatch(/Fix: /);
    const missing = /none\.json: cannot read the dataset manifest: the file does not exist/;
    expect(() => readManifest(join(dir, 'none.json'))).toThrow(missing);
  });

  const bare = { split: 'test', label: 'normal', category: 'x' };
  it.each([
    ['no videos list', { name: 'x' }, /has no "videos" list/, undefined, undefined],
    ['unknown top-level key', { videos: [], vidoes: [] }, /unknown key 'vidoes'/, undefined, undefined],
    ['bad version', { version: 2, videos: [] }, /key 'version' must be 1, got 2/, undefined, undefined],
    ['entry not an object', [entry('a'), 'b.mp4'], /videos\[1\] must be an object/, 1, undefined],
    ['missing id', [{ uri: 'a.mp4', ...bare }], /videos\[0\]: key 'id' must match/, 0, 'id'],
    ['unsafe id', [entry('../etc')], /key 'id' must match .* got "\.\.\/etc"/, 0, 'id'],
    ['missing uri', [{ id: 'a', ...bare }], /\(id 'a'\): key 'uri' must be a non-empty string/, 0, 'uri'],
    ['missing category', [entry('a', { category: undefined })], /key 'category' must be a non-empty/, 0, 'category'],
    ['duplicate id', [entry('a'), entry('b'), entry('a')], /videos\[2\] \(id 'a'\): key 'id' duplicates/, 2, 'id'],
    ['bad split', [entry('a', { split: 'val' })], /key 'split' must be one of train, test, got "val"/, 0, 'split'],
    ['bad label', [entry('a', { label: 'bad' })], /key 'label' must be one of normal, abnormal, got "bad"/, 0, 'label'],
    ['unknown entry key', [entry('a', { score: 1 })], /unknown key 'score'/, 0, 'score'],
    ['.. in uri', [entry('a', { uri: 'v/../../x' })], /'uri' 'v\/\.\.\/\.\.\/x' contains '\.\.' \(path/, 0, 'uri'],
    ['.. after a scheme', [entry('a', { uri: 'file:../x.mp4' })], /path traversal/, 0, 'uri'],
    ['.. in groundTruth', [entry('a', { groundTruth: '..\\g.json' })], /'groundTruth'.*traversal/, 0, 'groundTruth'],
    ['NUL in uri', [entry('a', { uri: 'a\0.mp4' })], /NUL byte/, 0, 'uri'],
  ])('rejects %s, naming the file, the entry and the fix', (_name, content, re, index, key) => {
    const e = errorOf(content);
    expect(e).toBeInstanceOf(ManifestError);
    expect(e.message).toMatch(re);
    expect(e.message).toMatch(/^.*m\d+\.json: /);
    expect(e.hint).toBeTruthy();
    expect(e.entry).toBe(index);
    expect(e.key).toBe(key);
  });

  it('keeps scheme URIs and absolute paths without ..', () => {
    const m = parseManifest([entry('a', { uri: 'synth:tiny/3/0' }), entry('b', { uri: '/data/b.mp4' })]);
    expect(m.videos.map((v) => v.uri)).toEqual(['synth:tiny/3/0', '/data/b.mp4']);
  });

  it('treats prototype names as unknown keys', () => {
    expect(() => parseManifest(JSON.parse('{"videos": [], "__proto__": {"x": 1}}'))).toThrow(/unknown key '__proto__'/);
    const withCtor = '[{"id": "a", "uri": "a", "split": "test", "label": "normal", "category": "c", "constructor": 1}]';
    expect(() => parseManifest(JSON.parse(withCtor))).toThrow(/unknown key 'constructor'/);
  });
});
