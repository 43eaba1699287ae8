import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from './runner';
import { mergeShards } from './shards';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

describe('--merge-shards on a synthetic-dataset pipeline', () => {
  it('finds the synth dataset provider by default (found by the Slurm array test)', async () => {
    const ws = toyWorkspace(1);
    const text = readFileSync(ws.pipelineFile, 'utf8').replace('dataset: { manifest: data/manifest.json }', 'dataset: { synth: { preset: tiny, seed: 0, overrides: { trainVideos: 2, testVideos: 2 } } }');
    writeFileSync(ws.pipelineFile, text);
    const o = { registry: stages, codeVersion: ws.codeVersion };
    for (const index of [0, 1]) await runPipeline(ws.pipelineFile, { ...o, shard: { index, count: 2 } });
    const r = await mergeShards(ws.pipelineFile, o);
    expect(r.stages).toEqual(['src', 'mid']);
    const m = JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', 'mid.json'), 'utf8'));
    expect(Object.keys(m.videos)).toHaveLength(4);
  });
});
