import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, ConfigError } from '@wsstad/core';
import { loadPipeline } from '@wsstad/pipeline';
import { APP } from './app-wiring';
import { producer, stageOf, trainingArtifactLoaders } from './pipeline-stages';

const ROOT = join(__dirname, '../../../..');
let store: string;
beforeAll(() => (store = mkdtempSync(join(tmpdir(), 'wsstad-stages-'))));
afterAll(() => rmSync(store, { recursive: true, force: true }));
const pipeline = () => loadPipeline(join(ROOT, 'pipelines/synthetic-tiny'), { registry: APP.registry, store });

describe('pipeline stage lookups shared by the ladder and the experiment runner', () => {
  it('finds stages by what they run and the stage feeding an input; a missing one says which', () => {
    const p = pipeline();
    const infer = stageOf(p, 'infer');
    expect(infer.uses).toBe('infer');
    expect(producer(p, infer, 'tubes')).toBe(p.stages.find((s) => s.uses === 'link')!.name);
    expect(() => stageOf(p, 'import-features', 'a hint')).toThrow(ConfigError);
    expect(() => stageOf(p, 'import-features')).toThrow(/has no 'import-features' stage/);
    expect(() => producer(p, infer, 'nonsense')).toThrow(/has no input 'nonsense'/);
  });

  it("loads only the training split's stored artifacts, from the stages feeding inference", () => {
    const p = pipeline();
    const videos = [
      { id: 'a', split: 'train', label: 'abnormal' },
      { id: 'b', split: 'test', label: 'normal' },
      { id: 'c', split: 'train', label: 'normal' },
    ];
    const l = trainingArtifactLoaders(p, videos);
    expect(l.map((x) => [x.id, x.abnormal])).toEqual([
      ['a', true],
      ['c', false],
    ]);
    // nothing is read until load(), which opens the stage feeding inference's tubes (not run in this empty store)
    expect(() => l[0]!.load()).toThrow(ArtifactError);
    expect(() => l[0]!.load()).toThrow(/stage 'link' of pipeline 'synthetic-tiny' has no manifest yet/);
  });
});
