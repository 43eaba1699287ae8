import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StageFailedError } from '@wsstad/core';
import { runPipeline, type RunOptions } from './runner';
import { pipelineStatus } from './status';
import { openStore } from './store/store';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace, type ToyWorkspace } from './__fixtures__/workspace';

/** "Well under a second per stage" for a no-op rerun, with margin for a busy shared CI machine. */
const NOOP_STAGE_MAX_MS = 250;
const NOOP_RERUN_MAX_MS = 1500;

const opts = (ws: ToyWorkspace, extra: Partial<RunOptions> = {}): RunOptions => ({
  registry: stages,
  codeVersion: ws.codeVersion,
  concurrency: 2,
  ...extra,
});
const computed = (r: Awaited<ReturnType<typeof runPipeline>>) =>
  Object.fromEntries(r.stages.map((s) => [s.stage, s.computed]));
const manifest = (ws: ToyWorkspace, stage: string) =>
  readFileSync(join(ws.storeDir, 'manifests', 'toy', `${stage}.json`), 'utf8');

describe('runPipeline caching', () => {
  it('computes everything once, then nothing on a rerun (fast)', async () => {
    const ws = toyWorkspace(4);
    const r1 = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r1)).toEqual({ src: ['v001', 'v002', 'v003', 'v004'].sort(), mid: expect.any(Array), agg: ['*'] });
    expect(r1.stages[1]!.computed).toHaveLength(4);
    const sum = JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', 'agg.json'), 'utf8'));
    expect(Object.keys(sum.videos)).toEqual(['*']);
    const t0 = Date.now();
    const r2 = await runPipeline(ws.pipelineFile, opts(ws));
    const ms = Date.now() - t0;
    expect(computed(r2)).toEqual({ src: [], mid: [], agg: [] });
    expect(r2.stages.map((s) => s.reused)).toEqual([4, 4, 1]);
    expect(ms).toBeLessThan(NOOP_RERUN_MAX_MS);
    for (const s of r2.stages) expect(s.ms).toBeLessThan(NOOP_STAGE_MAX_MS);
    const lock = JSON.parse(readFileSync(join(ws.dir, 'pipeline.lock.json'), 'utf8'));
    expect(lock.stages.mid.params).toEqual({ offset: 0, clampMax: 1e9, delayMs: 0 });
  });

  it('a param change of stage 2 recomputes stage 2 and stage 3, and status names the param first', async () => {
    const ws = toyWorkspace(4);
    await runPipeline(ws.pipelineFile, opts(ws));
    ws.writePipeline({ mid: { offset: 5 } });
    const st = await pipelineStatus(ws.pipelineFile, opts(ws));
    expect(st.stages.map((s) => s.upToDate)).toEqual([true, false, false]);
    expect(st.stages[1]!.reasons).toContain('param offset: 0 -> 5');
    expect(st.stages[1]!.toCompute).toBe(4);
    expect(st.stages[2]!.reasons.join('\n')).toMatch(/inputs change when 'mid' recomputes/);
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r)).toEqual({ src: [], mid: ['v001', 'v002', 'v003', 'v004'], agg: ['*'] });
    expect((await pipelineStatus(ws.pipelineFile, opts(ws))).upToDate).toBe(true);
  });

  it('early cutoff: an upstream param change with byte-identical output leaves downstream untouched', async () => {
    const ws = toyWorkspace(4);
    ws.writePipeline({ mid: { clampMax: 100 } });
    await runPipeline(ws.pipelineFile, opts(ws));
    ws.writePipeline({ mid: { clampMax: 1000 } }); // values are < 100 either way: identical bytes
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r)).toEqual({ src: [], mid: ['v001', 'v002', 'v003', 'v004'], agg: [] });
  });

  it('adding one video computes only that video in each per-video stage', async () => {
    const ws = toyWorkspace(4);
    await runPipeline(ws.pipelineFile, opts(ws));
    ws.writeVideos(5);
    const st = await pipelineStatus(ws.pipelineFile, opts(ws));
    expect(st.stages[0]!.videos.new).toEqual(['v005']);
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r)).toEqual({ src: ['v005'], mid: ['v005'], agg: ['*'] });
  });

  it('a code change of a stage package makes that stage stale and recomputes it', async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, opts(ws));
    ws.versions['@toy/mid'] = 'edited';
    const st = await pipelineStatus(ws.pipelineFile, opts(ws));
    expect(st.stages[0]!.upToDate).toBe(true);
    expect(st.stages[1]!.code.changed).toEqual(['@toy/mid/src/index.ts']);
    expect(st.stages[1]!.reasons).toContain('code changed: @toy/mid/src/index.ts');
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r)).toEqual({ src: [], mid: ['v001', 'v002', 'v003'], agg: [] }); // same bytes: early cutoff
  });

  it('a corrupted object is detected and only that entry is recomputed', async () => {
    const ws = toyWorkspace(4);
    await runPipeline(ws.pipelineFile, opts(ws));
    const m = JSON.parse(manifest(ws, 'src'));
    const h = m.videos.v003.outputs.a as string;
    const store = openStore(ws.storeDir);
    writeFileSync(store.objectPath(h), '{"tampered":true}');
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(computed(r)).toEqual({ src: ['v003'], mid: [], agg: [] });
    expect(readFileSync(store.objectPath(h), 'utf8')).toContain('"v003"');
  });

  it('--force, --only, --from, --until select stages', async () => {
    const ws = toyWorkspace(2);
    expect(computed(await runPipeline(ws.pipelineFile, opts(ws, { until: 'mid' })))).toEqual({
      src: ['v001', 'v002'],
      mid: ['v001', 'v002'],
    });
    expect(computed(await runPipeline(ws.pipelineFile, opts(ws, { only: ['agg'] })))).toEqual({ agg: ['*'] });
    expect(computed(await runPipeline(ws.pipelineFile, opts(ws, { from: 'mid', force: ['mid'] })))).toEqual({
      mid: ['v001', 'v002'],
      agg: [],
    });
    await expect(runPipeline(ws.pipelineFile, opts(ws, { only: ['nope'] }))).rejects.toThrow(
      /--only 'nope'.*valid: src, mid, agg/,
    );
  });

  it(
    'default policy stops at the failed stage and keeps finished videos; --keep-going ' + 'reports all failures',
    async () => {
      const ws = toyWorkspace(4);
      ws.writePipeline({ src: { failOn: 'v002' } });
      const err = await runPipeline(ws.pipelineFile, opts(ws, { concurrency: 1 })).catch((e) => e);
      expect(err).toBeInstanceOf(StageFailedError);
      expect(err.message).toMatch(/stage 'src' failed for video 'v002': toy failure on v002/);
      expect((err as Error).cause).toBeInstanceOf(Error);
      const keys = readdirSync(join(ws.storeDir, 'keys', 'toy-src'), { recursive: true }).filter((f) =>
        String(f).endsWith('.json'),
      );
      expect(keys).toHaveLength(1); // v001 finished before the failure and stays in the store
      const r = await runPipeline(ws.pipelineFile, opts(ws, { keepGoing: true }));
      expect(r.ok).toBe(false);
      expect(r.failures.map((f) => f.videoId)).toEqual(['v002']);
      expect(computed(r)).toEqual({ src: ['v003', 'v004'], mid: ['v001', 'v003', 'v004'], agg: ['*'] });
      expect(r.stages[1]!.skipped).toEqual(['v002']);
    },
  );

  it('dataset-level outputs are trees usable as directory inputs by a per-video stage', async () => {
    const ws = toyWorkspace(3);
    ws.writePipeline({}, '  - { name: use, uses: toy-use-agg }');
    const r = await runPipeline(ws.pipelineFile, opts(ws));
    expect(r.stages[3]!.computed).toEqual(['v001', 'v002', 'v003']);
    const m = JSON.parse(manifest(ws, 'use'));
    const c = JSON.parse(readFileSync(openStore(ws.storeDir).objectPath(m.videos.v002.outputs.c), 'utf8'));
    expect(c.files).toEqual(['ids.txt', 'sum.json']);
    expect(c.share).toBeCloseTo(2 / 6, 10);
  });
});
