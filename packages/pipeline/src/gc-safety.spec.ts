import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '@wsstad/core';
import { runPipeline } from './runner';
import { gcStore } from './gc';
import { acquireLock, activeRuns } from './store/lock';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

const files = (d: string) =>
  existsSync(d) ? readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
/** Long enough for a test to finish by itself; short enough that a mutual wait fails the test quickly. */
const WAIT_MS = 4000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gc deletes nothing on doubt', () => {
  it('an unreadable manifest stops gc before any deletion, naming the file', async () => {
    const ws = toyWorkspace(3);
    const o = { registry: stages, codeVersion: ws.codeVersion };
    await runPipeline(ws.pipelineFile, o);
    const before = files(join(ws.storeDir, 'objects'));
    const agg = join(ws.storeDir, 'manifests', 'toy', 'agg.json');
    writeFileSync(agg, readFileSync(agg, 'utf8').slice(0, 40)); // torn
    const err = await gcStore(ws.storeDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toContain(agg);
    expect((err as Error).message).toMatch(/gc refuses to delete anything/);
    expect(files(join(ws.storeDir, 'objects'))).toBe(before);
  });

  it('a torn key file does not make gc drop the objects its manifest references', async () => {
    const ws = toyWorkspace(2);
    const o = { registry: stages, codeVersion: ws.codeVersion };
    await runPipeline(ws.pipelineFile, o);
    const m = JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', 'agg.json'), 'utf8'));
    const k = m.videos['*'].key as string;
    writeFileSync(join(ws.storeDir, 'keys', 'toy-agg', k.slice(0, 2), `${k}.json`), '{"torn');
    const r = await gcStore(ws.storeDir);
    expect(r.removedObjects).toBe(0);
  });
});

describe('gc and runs never wait for each other', () => {
  it('a run waiting for gc is not registered as active while it waits, then proceeds', async () => {
    const ws = toyWorkspace(2);
    const gc = await acquireLock(ws.storeDir, 'gc', 'test gc');
    const run = runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion, lockTimeoutMs: WAIT_MS });
    await sleep(300);
    expect(activeRuns(ws.storeDir)).toEqual([]);
    gc.release();
    expect((await run).ok).toBe(true);
  });

  it('run A working, gc waiting for A, run B arriving: all three finish, store consistent', async () => {
    const ws = toyWorkspace(3);
    ws.writePipeline({ src: { delayMs: 250 } });
    const fileB = join(ws.dir, 'pipeline-b.yaml');
    writeFileSync(
      fileB,
      readFileSync(ws.pipelineFile, 'utf8').replace('name: toy', 'name: toyb').replace('delayMs":250', 'delayMs":0'),
    );
    const o = { registry: stages, codeVersion: ws.codeVersion, concurrency: 1, lockTimeoutMs: WAIT_MS };
    const a = runPipeline(ws.pipelineFile, o);
    await sleep(150);
    const g = gcStore(ws.storeDir, { lockTimeoutMs: WAIT_MS });
    await sleep(150);
    const b = runPipeline(fileB, o);
    const [ra, rg, rb] = await Promise.all([a, g, b]);
    expect(ra.ok && rb.ok).toBe(true);
    expect(rg.removedObjects).toBe(0);
    const again = await runPipeline(ws.pipelineFile, o);
    expect(again.stages.map((s) => s.computed.length)).toEqual([0, 0, 0]);
  }, 20000);
});
