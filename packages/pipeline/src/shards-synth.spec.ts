import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from './runner';
import { mergeShards } from './shards';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

describe('--merge-shards on a generated-dataset pipeline', () => {
  it('resolves the dataset through the given providers, as run does (found by the Slurm array test)', async () => {
    const ws = toyWorkspace(4);
    const text = readFileSync(ws.pipelineFile, 'utf8').replace(
      'dataset: { manifest: data/manifest.json }',
      'dataset: { synth: { preset: tiny, seed: 0, overrides: { trainVideos: 2, testVideos: 2 } } }',
    );
    writeFileSync(ws.pipelineFile, text);
    // The app's synth provider generates a manifest; here one the workspace already wrote.
    const o = { registry: stages, codeVersion: ws.codeVersion, datasets: { synth: () => ws.manifest } };
    for (const index of [0, 1]) await runPipeline(ws.pipelineFile, { ...o, shard: { index, count: 2 } });
    const r = await mergeShards(ws.pipelineFile, o);
    expect(r.stages).toEqual(['src', 'mid']);
    const m = JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', 'mid.json'), 'utf8'));
    expect(Object.keys(m.videos)).toHaveLength(4);
    // Without providers the engine names the missing one instead of guessing.
    await expect(mergeShards(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion })).rejects.toThrow(
      /dataset kind 'synth' needs a dataset provider/,
    );
  });
});
