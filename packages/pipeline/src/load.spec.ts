import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@wsstad/core';
import { loadPipeline, parsePipelineYaml } from './load';
import { createStageRegistry, registerStages } from './registry';
import { stages, srcStage } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

const F = '/x/pipelines/toy/pipeline.yaml';
const base = 'name: toy\ndataset: { manifest: m.json }\nstages:\n';

describe('pipeline files', () => {
  it('loads, normalises params, wires inputs by name and resolves paths relative to the file', () => {
    const ws = toyWorkspace(1);
    const p = loadPipeline(ws.pipelineFile, { registry: stages });
    expect(p.storeDir).toBe(join(ws.dir, 'store'));
    expect(
      p.stages.map((s) => [s.name, s.inputs.map((i) => `${i.name}<-${i.fromStage}.${i.fromArtifact}:${i.scope}`)]),
    ).toEqual([
      ['src', []],
      ['mid', ['a<-src.a:video']],
      ['agg', ['b<-mid.b:video']],
    ]);
    expect(p.stages[1]!.params).toEqual({ offset: 0, clampMax: 1e9, delayMs: 0 });
    expect(p.seed).toBe(7);
  });

  it.each([
    [
      'unknown top key',
      'name: toy\ndataset: { manifest: m.json }\nstgaes: []',
      /unknown key '\$\.stgaes'; valid: dataset, name, seed, stages, store; did you mean 'stages'\?/,
    ],
    [
      'bad dataset',
      'name: toy\ndataset: { url: x }\nstages: [{ name: a }]',
      /unknown key '\$\.dataset\.url'; valid: manifest, synth/,
    ],
    [
      'bad seed',
      base.replace('stages:', 'seed: -1\nstages:') + '  - { name: a }',
      /key \$\.seed=-1 is invalid; allowed: an integer >= 0/,
    ],
    [
      'bad input ref',
      base + '  - { name: a, uses: toy-src }\n  - { name: b, uses: toy-mid, inputs: { a: zz.a } }',
      /\$\.stages\[1\]\.inputs\.a: stage 'zz' is not an earlier stage; allowed: a/,
    ],
    [
      'bad split',
      base + '  - { name: a, uses: toy-src, splits: [val] }',
      /key \$\.stages\[0\]\.splits\[0\]="val" is invalid; allowed: a non-empty list of train, test/,
    ],
    ['custom tag', base + '  - { name: a, uses: !!js/function "x" }', /invalid YAML/],
  ])('rejects %s naming the file, key path and allowed values', (_n, text, re) => {
    let err: unknown;
    try {
      parsePipelineYaml(text, F);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message.startsWith(F)).toBe(true);
  });

  it('unknown stage names and bad params go through the registry with valid names listed', () => {
    const ws = toyWorkspace(1);
    writeFileSync(ws.pipelineFile, base + '  - { name: a, uses: toy-srx }');
    expect(() => loadPipeline(ws.pipelineFile, { registry: stages })).toThrow(
      /\$\.stages\[0\]\.uses: unknown stage 'toy-srx'; valid: toy-agg, toy-mid, toy-src, toy-use-agg/,
    );
    writeFileSync(ws.pipelineFile, base + '  - { name: a, uses: toy-src, params: { scale: "big" } }');
    expect(() => loadPipeline(ws.pipelineFile, { registry: stages })).toThrow(
      /\$\.stages\[0\]\.params: scale must be a number/,
    );
    writeFileSync(ws.pipelineFile, base + '  - { name: a, uses: toy-mid }');
    expect(() => loadPipeline(ws.pipelineFile, { registry: stages })).toThrow(/input 'a' of stage 'a' has no producer/);
    // The engine has no built-in stages: an app registry without the stage lists what it has.
    writeFileSync(ws.pipelineFile, base + '  - { name: a, uses: detect }');
    expect(() => loadPipeline(ws.pipelineFile, { registry: createStageRegistry([]) })).toThrow(
      /unknown stage 'detect'/,
    );
  });

  it('registries are frozen and refuse duplicates', () => {
    expect(Object.isFrozen(stages)).toBe(true);
    expect(() => registerStages(stages, [srcStage as never])).toThrow(/registered twice/);
    expect(Object.keys(createStageRegistry([]))).toEqual([]);
  });
});
