import * as fs from 'node:fs';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, canonicalJson, type Logger } from '@wsstad/core';
import { runPipeline, type RunOptions } from '../runner';
import { loadPipeline } from '../load';
import { stageOutputPath } from '../outputs';
import { openStore } from './store';
import { keySeal } from './integrity';
import { stages } from '../__fixtures__/toy-stages';
import { toyWorkspace, type ToyWorkspace } from '../__fixtures__/workspace';
import { mountTmpfs, tmpfsUnavailable, type Tmpfs } from '../__fixtures__/tmpfs';
import type { KeyRecord, StageManifest } from '../types';

const opts = (ws: ToyWorkspace, extra: Partial<RunOptions> = {}): RunOptions => ({
  registry: stages,
  codeVersion: ws.codeVersion,
  concurrency: 1,
  ...extra,
});
const manifest = (ws: ToyWorkspace, stage: string) =>
  JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', `${stage}.json`), 'utf8')) as StageManifest;
const computed = (r: Awaited<ReturnType<typeof runPipeline>>) =>
  Object.fromEntries(r.stages.map((s) => [s.stage, s.computed]));

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const l = {
    lines,
    debug: () => undefined,
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
    error: (m: string) => lines.push(m),
    child: () => l,
  };
  return l as never;
}

describe('materialised trees are verified and healed', () => {
  it('a forged file in trees/<h> is detected on next use and rebuilt from objects, with a message', async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, opts(ws));
    const p = loadPipeline(ws.pipelineFile, { registry: stages });
    const dir = stageOutputPath(p, 'agg', 'summary');
    const genuine = readFileSync(join(dir, 'sum.json'), 'utf8');
    writeFileSync(join(dir, 'sum.json'), JSON.stringify({ label: 'sum', sum: 9999, n: 3 })); // the forged table
    const log = recordingLog();
    const healed = openStore(ws.storeDir, { log }).materializeTree(manifest(ws, 'agg').videos['*']!.outputs.summary!);
    expect(readFileSync(join(healed, 'sum.json'), 'utf8')).toBe(genuine);
    expect(log.lines.join('\n')).toMatch(/does not match its tree object \('sum\.json' was modified\); rebuilding/);
  });

  it('an extra file, a missing file and a link in place of a file are all rebuilt', async () => {
    const ws = toyWorkspace(2);
    await runPipeline(ws.pipelineFile, opts(ws));
    const h = manifest(ws, 'agg').videos['*']!.outputs.summary!;
    const store = () => openStore(ws.storeDir);
    const dir = store().materializeTree(h);
    const want = readFileSync(join(dir, 'ids.txt'), 'utf8');
    for (const damage of [
      () => writeFileSync(join(dir, 'extra.txt'), 'x'),
      () => rmSync(join(dir, 'ids.txt')),
      () => {
        rmSync(join(dir, 'ids.txt'));
        symlinkSync('/etc/hostname', join(dir, 'ids.txt'));
      },
    ]) {
      damage();
      store().materializeTree(h);
      expect(readdirSync(dir).sort()).toEqual(['ids.txt', 'sum.json']);
      expect(fs.lstatSync(join(dir, 'ids.txt')).isFile()).toBe(true);
      expect(readFileSync(join(dir, 'ids.txt'), 'utf8')).toBe(want);
    }
  });

  it('a run whose downstream stage reads a tampered tree recomputes from the genuine copy', async () => {
    const ws = toyWorkspace(3);
    ws.writePipeline({}, '  - { name: use, uses: toy-use-agg }');
    await runPipeline(ws.pipelineFile, opts(ws));
    const dir = join(ws.storeDir, 'trees', manifest(ws, 'agg').videos['*']!.outputs.summary!);
    writeFileSync(join(dir, 'sum.json'), JSON.stringify({ sum: 1 }));
    const r = await runPipeline(ws.pipelineFile, opts(ws, { force: ['use'] }));
    expect(r.ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'sum.json'), 'utf8')).sum).not.toBe(1);
  });
});

describe('tree entry paths are confined', () => {
  const poisoned: Array<[string, string]> = [
    ['../escaped.txt', 'parent'],
    ['/tmp/wsstad-abs-escape.txt', 'absolute'],
    ['a/../../x', 'nested ..'],
    ['./x', 'dot'],
    ['a//b', 'empty segment'],
  ];
  it.each(poisoned)('rejects %s (%s) and writes nothing outside the store', (path) => {
    const ws = toyWorkspace(1);
    const store = openStore(ws.storeDir);
    const obj = store.putBytes('payload');
    const tree = store.putBytes(canonicalJson({ wsstadTree: 1, entries: [[path, obj]] }));
    expect(() => store.materializeTree(tree)).toThrow(ArtifactError);
    expect(() => store.materializeTree(tree)).toThrow(/escapes its folder/);
    expect(existsSync(join(ws.storeDir, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(ws.dir, 'x'))).toBe(false);
    expect(existsSync('/tmp/wsstad-abs-escape.txt')).toBe(false);
    expect(existsSync(join(ws.storeDir, 'trees', tree))).toBe(false);
  });

  it('rejects a non-hash object name in a tree and a manifest key that is a path', () => {
    const ws = toyWorkspace(1);
    const store = openStore(ws.storeDir);
    const tree = store.putBytes(canonicalJson({ wsstadTree: 1, entries: [['a', '../../../etc/passwd']] }));
    expect(() => store.materializeTree(tree)).toThrow(/is not a sha256 hash/);
    expect(() => store.readKey('toy-src', '../../../../etc/passwd')).toThrow(ArtifactError);
    expect(() => store.readKey('../x', 'a'.repeat(64))).toThrow(/not a plain name/);
  });
});

describe('key files are bound to their content', () => {
  function keyFile(ws: ToyWorkspace, stage: string, uses: string, id: string): string {
    const k = manifest(ws, stage).videos[id]!.key;
    return join(ws.storeDir, 'keys', uses, k.slice(0, 2), `${k}.json`);
  }

  it("a key file edited to point at another video's valid object is rejected and recomputed", async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, opts(ws));
    const f1 = keyFile(ws, 'src', 'toy-src', 'v001');
    const other = manifest(ws, 'src').videos.v002!.outputs.a!;
    const rec = JSON.parse(readFileSync(f1, 'utf8')) as KeyRecord;
    writeFileSync(f1, JSON.stringify({ ...rec, outputs: { a: { hash: other, type: 'file' } } }));
    const log = recordingLog();
    const r = await runPipeline(ws.pipelineFile, opts(ws, { log }));
    expect(computed(r).src).toEqual(['v001']);
    expect(log.lines.join('\n')).toMatch(/does not match its content/);
    expect(manifest(ws, 'src').videos.v001!.outputs.a).not.toBe(other);
  });

  it("a resealed key file carrying another video's record is rejected (video and inputs checked)", async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, opts(ws));
    const f1 = keyFile(ws, 'mid', 'toy-mid', 'v001');
    const rec2 = JSON.parse(readFileSync(keyFile(ws, 'mid', 'toy-mid', 'v003'), 'utf8')) as KeyRecord;
    const forged = { ...rec2, key: JSON.parse(readFileSync(f1, 'utf8')).key as string };
    writeFileSync(f1, JSON.stringify({ ...forged, seal: keySeal(forged) }));
    const log = recordingLog();
    const r = await runPipeline(ws.pipelineFile, opts(ws, { log }));
    expect(computed(r).mid).toEqual(['v001']);
    expect(log.lines.join('\n')).toMatch(/was written for video 'v003'/);
    expect(
      JSON.parse(readFileSync(openStore(ws.storeDir).objectPath(manifest(ws, 'mid').videos.v001!.outputs.b!), 'utf8'))
        .id,
    ).toBe('v001');
  });
});

describe('key files from before seals (upgrading a store)', () => {
  const unseal = (f: string, edit: (r: KeyRecord) => KeyRecord = (r) => r) => {
    const { seal: _s, ...rec } = JSON.parse(readFileSync(f, 'utf8')) as KeyRecord;
    writeFileSync(f, JSON.stringify(edit(rec)));
  };
  const keyOf = (ws: ToyWorkspace, stage: string, uses: string, id: string) => {
    const k = manifest(ws, stage).videos[id]!.key;
    return join(ws.storeDir, 'keys', uses, k.slice(0, 2), `${k}.json`);
  };

  it('an unsealed key file its manifest agrees with is reused (no recompute) and sealed in place', async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, opts(ws));
    const files = ['v001', 'v002', 'v003'].map((id) => keyOf(ws, 'src', 'toy-src', id));
    for (const f of files) unseal(f);
    unseal(keyOf(ws, 'agg', 'toy-agg', '*'));
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r)).toEqual({ src: [], mid: [], agg: [] });
    for (const f of files) expect((JSON.parse(readFileSync(f, 'utf8')) as KeyRecord).seal).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an unsealed key file whose outputs disagree with its manifest is recomputed', async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, opts(ws));
    const other = manifest(ws, 'src').videos.v002!.outputs.a!;
    unseal(keyOf(ws, 'src', 'toy-src', 'v001'), (r) => ({ ...r, outputs: { a: { hash: other, type: 'file' } } }));
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r).src).toEqual(['v001']);
    expect(manifest(ws, 'src').videos.v001!.outputs.a).not.toBe(other);
  });
});

describe('store housekeeping and full disks', () => {
  it('a run leaves no empty tmp/bytes-* or tmp/tree-* folders', async () => {
    const ws = toyWorkspace(3);
    ws.writePipeline({}, '  - { name: use, uses: toy-use-agg }');
    await runPipeline(ws.pipelineFile, opts(ws));
    const tmp = join(ws.storeDir, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });

  const noTmpfs = tmpfsUnavailable();
  if (noTmpfs) console.warn(noTmpfs);
  (noTmpfs ? it.skip : it)(
    'ENOSPC while materialising a tree (real full tmpfs) is an ArtifactError saying so, leaving no partial tree',
    () => {
      const fsys = mountTmpfs(96) as Tmpfs;
      try {
        const store = openStore(join(fsys.dir, 'store'));
        const blob = store.putBytes(Buffer.alloc(60 * 1024, 7)); // fits once, not twice
        const tree = store.putBytes(canonicalJson({ wsstadTree: 1, entries: [['model.bin', blob]] }));
        expect(() => store.materializeTree(tree)).toThrow(/no space left on device while materialising tree/);
        expect(() => openStore(store.dir).materializeTree(tree)).toThrow(ArtifactError);
        expect(existsSync(join(store.dir, 'trees', tree))).toBe(false);
        expect(readdirSync(join(store.dir, 'tmp'))).toEqual([]);
        expect(openStore(store.dir).verify(blob)).toBe(true);
      } finally {
        fsys.unmount();
      }
    },
  );
});
