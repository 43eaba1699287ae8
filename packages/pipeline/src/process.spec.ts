import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from './runner';
import { mergeShards } from './shards';
import { shardOf } from './keys';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace, type ToyWorkspace } from './__fixtures__/workspace';

/** Tests that need real OS processes: SIGKILL mid-stage, concurrent runs on one store, shards. */
const RUNNER = join(__dirname, '__fixtures__', 'run-toy.ts');
/** Per-video delay of the slow toy stage: long enough to kill mid-stage, short enough for CI. */
const SLOW_MS = 150;

function start(
  file: string,
  o: object = {},
): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, file, JSON.stringify(o)], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; out: string; err: string }>((r) =>
    child.on('close', (code) => r({ code, out, err })),
  );
  return { child, done };
}
const result = (out: string) => JSON.parse(out.trim().split('\n').pop()!);
const manifest = (ws: ToyWorkspace, stage: string) =>
  readFileSync(join(ws.storeDir, 'manifests', 'toy', `${stage}.json`), 'utf8');
const keyCount = (ws: ToyWorkspace, uses: string) => {
  const d = join(ws.storeDir, 'keys', uses);
  return existsSync(d) ? readdirSync(d, { recursive: true }).filter((f) => String(f).endsWith('.json')).length : 0;
};

describe('runs in separate processes', () => {
  it('resumes after SIGKILL mid-stage: finished videos reused, manifest equals an uninterrupted run', async () => {
    const ws = toyWorkspace(8);
    ws.writePipeline({ src: { delayMs: SLOW_MS } });
    const { child, done } = start(ws.pipelineFile, { concurrency: 1 });
    while (keyCount(ws, 'toy-src') < 3) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await done;
    const finished = keyCount(ws, 'toy-src');
    expect(finished).toBeGreaterThanOrEqual(3);
    expect(finished).toBeLessThan(8);
    expect(existsSync(join(ws.storeDir, 'manifests', 'toy', 'src.json'))).toBe(false);
    // the killed run's lock is stale (dead pid): the rerun takes it over
    const r = await runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion, concurrency: 4 });
    expect(r.stages[0]!.reused).toBe(finished);
    expect(r.stages[0]!.computed).toHaveLength(8 - finished);
    const resumed = [manifest(ws, 'src'), manifest(ws, 'mid'), manifest(ws, 'agg')];
    const clean = toyWorkspace(8);
    clean.writePipeline({ src: { delayMs: SLOW_MS } });
    await runPipeline(clean.pipelineFile, { registry: stages, codeVersion: clean.codeVersion, concurrency: 8 });
    expect([manifest(clean, 'src'), manifest(clean, 'mid'), manifest(clean, 'agg')]).toEqual(resumed);
  });

  it('a second concurrent run on one store fails clearly, or waits with --lock-timeout, finds all done', async () => {
    const ws = toyWorkspace(6);
    ws.writePipeline({ src: { delayMs: SLOW_MS } });
    const a = start(ws.pipelineFile, { concurrency: 1 });
    while (!existsSync(join(ws.storeDir, 'locks', 'pipeline-toy.lock'))) await new Promise((r) => setTimeout(r, 20));
    await expect(runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion })).rejects.toThrow(
      /store lock .*pipeline-toy\.lock is held by pid \d+/,
    );
    const waited = await runPipeline(ws.pipelineFile, {
      registry: stages,
      codeVersion: ws.codeVersion,
      lockTimeoutMs: 30000,
    });
    const first = await a.done;
    expect(result(first.out)).toMatchObject({ ok: true });
    expect(waited.stages.map((s) => s.computed.length)).toEqual([0, 0, 0]);
    expect(JSON.parse(manifest(ws, 'src')).videos).toHaveProperty('v006');
  });

  it('N shards in separate processes, merged, produce the same manifests as one run', async () => {
    const N = 3;
    const ws = toyWorkspace(9);
    const shards = Array.from({ length: N }, (_, i) =>
      start(ws.pipelineFile, { shard: { index: i, count: N }, concurrency: 2 }),
    );
    const outs = await Promise.all(shards.map((s) => s.done));
    for (const o of outs) expect(result(o.out)).toMatchObject({ ok: true });
    const perShard = outs.map((o) => result(o.out).computed.src as string[]);
    expect(perShard.flat().sort()).toEqual(Array.from({ length: 9 }, (_, i) => `v00${i + 1}`));
    for (let i = 0; i < N; i++) for (const id of perShard[i]!) expect(shardOf(id, N)).toBe(i);
    await mergeShards(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion });
    const after = await runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion });
    expect(after.stages.map((s) => s.computed)).toEqual([[], [], ['*']]);
    const one = toyWorkspace(9);
    await runPipeline(one.pipelineFile, { registry: stages, codeVersion: one.codeVersion });
    for (const s of ['src', 'mid', 'agg']) expect(manifest(ws, s)).toEqual(manifest(one, s));
  });

  it('the process executor runs stages in forked workers with the same results', async () => {
    const ws = toyWorkspace(4);
    const r = await runPipeline(ws.pipelineFile, {
      registry: stages,
      codeVersion: ws.codeVersion,
      executor: 'process',
      concurrency: 2,
      registryModule: join(__dirname, '__fixtures__', 'toy-stages.ts'),
    });
    expect(r.stages[1]!.computed).toHaveLength(4);
    const inline = toyWorkspace(4);
    await runPipeline(inline.pipelineFile, { registry: stages, codeVersion: inline.codeVersion });
    expect(manifest(ws, 'mid')).toEqual(manifest(inline, 'mid'));
  });

  it('the process executor needs the module its workers import the stages from (the engine has none)', async () => {
    const ws = toyWorkspace(2);
    const run = runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion, executor: 'process' });
    await expect(run).rejects.toThrow(/the process executor needs registryModule/);
  });
});
