import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_EVAL_CONFIG,
  DEFAULT_INFER_CONFIG,
  normalizeEvalConfig,
  normalizeInferConfig,
} from '@wsstad/evaluator';
import { DEFAULT_TRAIN_CONFIG, normalizeTrainConfig } from '@wsstad/mgpr-trainer';
import { parse } from 'yaml';
import { PIPELINE_SCHEMA_FILE, pipelineJsonSchema } from './pipeline-schema';

const ROOT = resolve(__dirname, '../../..');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('pipelines/pipeline.schema.json', () => {
  const schema = pipelineJsonSchema() as Json;

  it('is the generated one (run `npm run schema` after changing a config schema)', () => {
    const committed = readFileSync(join(ROOT, PIPELINE_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  it('carries the validation rules: closed mappings, ranges, detect and link params', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'dataset', 'stages']);
    const stage = schema.properties.stages.items;
    const [detect, link] = stage.allOf.map((c: Json) => c.then.properties.params.anyOf[0]);
    expect(Object.keys(detect.properties).sort()).toEqual(['detector', 'stride']);
    expect(detect.properties.stride).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    const bgs = detect.properties.detector.anyOf[1];
    expect(bgs).toMatchObject({
      additionalProperties: false,
      properties: { detectShadows: { type: 'boolean', default: true } },
    });
    expect(link).toMatchObject({
      additionalProperties: false,
      properties: { lambda: { type: 'number', minimum: 0, maximum: 0.999999 } },
    });
    const overrides = schema.properties.dataset.properties.synth.properties.overrides.anyOf[0];
    expect(overrides.properties.writeTrainGroundTruth).toEqual({ type: 'boolean' });
  });

  it('types the features and import-features params (the pattern default depends on the format: none shown)', () => {
    const params = schema.properties.stages.items.allOf.map((c: Json) => c.then.properties.params.anyOf[0]);
    const [, , features, imports] = params;
    const wholeFrame = { type: 'boolean', default: true };
    expect(features).toMatchObject({ additionalProperties: false, properties: { wholeFrame } });
    expect(features.properties.hog.properties.flow.properties.polyN.anyOf).toEqual([{ const: 5 }, { const: 7 }]);
    expect(imports).toMatchObject({ additionalProperties: false, required: ['format', 'dir'] });
    expect(imports.properties.pattern.default).toBeUndefined();
  });

  it('types the train, infer and evaluate params with their defaults and ranges', () => {
    const params = schema.properties.stages.items.allOf.map((c: Json) => c.then.properties.params.anyOf[0]);
    const [, , , , train, infer, evaluate] = params;
    expect(Object.keys(train.properties).sort()).toEqual(Object.keys(DEFAULT_TRAIN_CONFIG).sort());
    expect(train.properties.selectBest).toEqual({ type: 'boolean', default: true });
    expect(train.properties.subTubes).toMatchObject({ type: 'integer', minimum: 1, maximum: 64, default: 1 });
    // The variant and the data set these: an editor flags them like any unknown key.
    expect(Object.keys(train.properties.model.anyOf[0].properties)).not.toContain('relation');
    expect(train.properties.model.anyOf[0].additionalProperties).toBe(false);
    expect(Object.keys(infer.properties).sort()).toEqual(Object.keys(DEFAULT_INFER_CONFIG).sort());
    expect(infer.properties.subTubes.anyOf).toContainEqual({ type: 'null' });
    expect(Object.keys(evaluate.properties).sort()).toEqual(Object.keys(DEFAULT_EVAL_CONFIG).sort());
    expect(evaluate.properties.keyFramesPerVideo).toMatchObject({ minimum: 1, maximum: 32 });
  });

  it('every shipped pipeline: its train, infer and evaluate params pass the schemas they are generated from', () => {
    const check: Record<string, (raw: unknown) => unknown> = {
      train: normalizeTrainConfig,
      infer: normalizeInferConfig,
      evaluate: normalizeEvalConfig,
    };
    let checked = 0;
    for (const d of readdirSync(join(ROOT, 'pipelines'), { withFileTypes: true }).filter((x) => x.isDirectory())) {
      const file = parse(readFileSync(join(ROOT, 'pipelines', d.name, 'pipeline.yaml'), 'utf8')) as Json;
      for (const s of file.stages as Json[]) {
        const uses = (s.uses ?? s.name) as string;
        if (!check[uses]) continue;
        expect(() => check[uses]!(s.params)).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('every shipped pipeline points editors at it on its first line', () => {
    const dirs = readdirSync(join(ROOT, 'pipelines'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(dirs.length).toBeGreaterThan(0);
    for (const d of dirs) {
      const first = readFileSync(join(ROOT, 'pipelines', d.name, 'pipeline.yaml'), 'utf8').split('\n')[0];
      expect([d.name, first]).toEqual([d.name, '# yaml-language-server: $schema=../pipeline.schema.json']);
    }
  });
});
