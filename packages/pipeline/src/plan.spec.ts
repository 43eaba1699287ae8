import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetStage, StageDefinition } from '@wsstad/core';
import { loadPipeline } from './load';
import { readDatasetManifest } from './dataset';
import { readLockFile } from './lockfile';
import { plan } from './plan';
import { registerStages } from './registry';
import { runPipeline } from './runner';
import { pipelineStatus } from './status';
import { openStore } from './store/store';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace, type ToyWorkspace } from './__fixtures__/workspace';

/** A dataset stage with a dataset-level input (like evaluate's `model`) and a per-video one. */
const reportStage = {
  name: 'toy-report',
  package: '@toy/report',
  version: '1',
  scope: 'dataset',
  doc: 'test',
  inputs: ['summary', 'b'],
  outputs: ['report'],
  normalizeParams: (r: unknown) => r ?? {},
  async run(ctx) {
    writeFileSync(join(ctx.outputDir('report'), 'n.json'), JSON.stringify({ n: ctx.videos.length }));
  },
} as DatasetStage<unknown>;
const registry = registerStages(stages, [reportStage as unknown as StageDefinition<unknown>]);

const planOf = (ws: ToyWorkspace) => {
  const p = loadPipeline(ws.pipelineFile, { registry });
  const dataset = readDatasetManifest(ws.manifest);
  return plan(p, openStore(p.storeDir), dataset, { codeVersion: ws.codeVersion, lock: readLockFile(p) });
};
const manifestKeys = (ws: ToyWorkspace, stage: string): Record<string, string> => {
  const m = JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', `${stage}.json`), 'utf8'));
  return Object.fromEntries(Object.entries(m.videos as Record<string, { key: string }>).map(([id, e]) => [id, e.key]));
};

describe('plan(): the keys, inputs and staleness run and status share', () => {
  it('before a run: all new, downstream waiting; after: every key is the one run wrote', async () => {
    const ws = toyWorkspace(4);
    ws.writePipeline({}, '  - { name: report, uses: toy-report }');
    const before = planOf(ws);
    const ids = ['v001', 'v002', 'v003', 'v004'];
    const src = before.stages[0]!.videos.map((v) => [v.id, v.stale, v.key?.length]);
    expect(src).toEqual(ids.map((id) => [id, 'new', 64]));
    const mid = before.stages[1]!.videos;
    expect(mid.every((v) => v.stale === 'upstream-stale' && v.waitingFor === 'src' && v.key === undefined)).toBe(true);
    const report = before.stages[3]!.videos;
    expect(report).toEqual([expect.objectContaining({ id: '*', stale: 'upstream-stale', waitingFor: 'agg' })]);
    expect(before.stages[0]!.changes.neverRun).toBe(true);

    await runPipeline(ws.pipelineFile, { registry, codeVersion: ws.codeVersion });
    const after = planOf(ws);
    for (const sp of after.stages) {
      expect(sp.videos.every((v) => v.cached && v.stale === undefined)).toBe(true);
      expect(Object.fromEntries(sp.videos.map((v) => [v.id, v.key]))).toEqual(manifestKeys(ws, sp.stage.name));
    }
    // The dataset-level input is keyed once, not per video (status used to add it to every video's hashes).
    expect(Object.keys(after.stages[3]!.videos[0]!.inputs).sort()).toEqual(['summary', 'videos']);
    expect(Object.keys(after.stages[3]!.videos[0]!.members![0]!.inputs)).toEqual(['b']);
    const st = await pipelineStatus(ws.pipelineFile, { registry, codeVersion: ws.codeVersion });
    const upToDate = ['src', 'mid', 'agg', 'report'].map((s) => [s, true, []]);
    expect(st.stages.map((s) => [s.stage, s.upToDate, s.reasons])).toEqual(upToDate);
  });

  it('a param change: that stage missing, the param named, dependants waiting, upstream untouched', async () => {
    const ws = toyWorkspace(2);
    await runPipeline(ws.pipelineFile, { registry, codeVersion: ws.codeVersion });
    ws.writePipeline({ mid: { offset: 5 } });
    const [src, mid, agg] = planOf(ws).stages;
    expect(src!.videos.every((v) => v.stale === undefined)).toBe(true);
    expect(mid!.videos.map((v) => v.stale)).toEqual(['missing', 'missing']);
    expect(mid!.changes.params).toEqual([{ path: 'offset', old: 0, new: 5 }]);
    expect(agg!.videos).toEqual([expect.objectContaining({ stale: 'upstream-stale', waitingFor: 'mid' })]);
  });

  it('a changed upstream output: inputs-changed with a new key; a dropped video: removed', async () => {
    const ws = toyWorkspace(3);
    await runPipeline(ws.pipelineFile, { registry, codeVersion: ws.codeVersion });
    const old = planOf(ws).stages[0]!.videos.map((v) => v.key);
    ws.writePipeline({ src: { scale: 3 } });
    await runPipeline(ws.pipelineFile, { registry, codeVersion: ws.codeVersion, only: ['src'] });
    const mid = planOf(ws).stages[1]!;
    expect(mid.videos.map((v) => v.stale)).toEqual(['inputs-changed', 'inputs-changed', 'inputs-changed']);
    expect(mid.videos.some((v) => v.key === manifestKeys(ws, 'mid')[v.id])).toBe(false);
    ws.writePipeline();
    ws.writeVideos(2);
    const src = planOf(ws).stages[0]!;
    expect(src.removed).toEqual(['v003']);
    expect(src.videos.map((v) => v.key)).toEqual(old.slice(0, 2));
  });
});
