import { ConfigError } from '@wsstad/core';
import { normalizePipelineSpec } from './schema';

const BASE = { name: 'toy', dataset: { manifest: 'm.json' }, stages: [{ name: 'detect', params: { stride: 1 } }] };
const message = (raw: unknown): string => {
  try {
    normalizePipelineSpec(raw, 'p.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('normalizePipelineSpec', () => {
  it('fills defaults and keeps params as written', () => {
    const params = { stride: 2 };
    const spec = normalizePipelineSpec(
      {
        ...BASE,
        stages: [
          { name: 'detect', params },
          { name: 'link', inputs: { detections: 'detect.detections' }, splits: ['test', 'train', 'test'] },
        ],
      },
      'p.yaml',
    );
    expect(spec).toEqual({
      name: 'toy',
      dataset: { kind: 'manifest', manifest: 'm.json' },
      seed: 0,
      stages: [
        { name: 'detect', uses: 'detect', params, inputs: {} },
        {
          name: 'link',
          uses: 'link',
          params: {},
          inputs: { detections: 'detect.detections' },
          splits: ['test', 'train'],
        },
      ],
    });
    expect(spec.stages[0]!.params).toBe(params);
    expect(
      normalizePipelineSpec({ ...BASE, dataset: { synth: { preset: 'tiny', overrides: null } } }, 'f').dataset,
    ).toEqual({ kind: 'synth', preset: 'tiny', seed: 0, overrides: {} });
  });

  it('names the file, the key path, what is allowed and an example', () => {
    expect(message({ ...BASE, seed: '1' })).toMatch(
      /^p\.yaml: key \$\.seed="1" is invalid; allowed: an integer >= 0\nFix: see the example pipeline:\nname: toy/,
    );
    expect(message({ ...BASE, stages: [{ name: 'Detect' }] })).toMatch(
      /key \$\.stages\[0\]\.name="Detect" is invalid; allowed: a name matching \/\^\[a-z\]/,
    );
    expect(message({ ...BASE, stages: [] })).toMatch(
      /\$\.stages=\[\] is invalid; allowed: a non-empty list of \{ name, uses/,
    );
    expect(message({ ...BASE, stages: [{ name: 'a', splits: ['val'] }] })).toMatch(
      /\$\.stages\[0\]\.splits\[0\]="val" is invalid; allowed: a non-empty list of train, test/,
    );
    expect(message({ dataset: BASE.dataset, stages: BASE.stages })).toMatch(/needs key '\$\.name'/);
    expect(message({ ...BASE, dataset: { manifest: 'm', synth: { preset: 'tiny' } } })).toMatch(
      /\$\.dataset: expected exactly one of manifest, synth/,
    );
    expect(message({ ...BASE, stages: [{ name: 'a' }, { name: 'a' }] })).toMatch(/duplicate stage name 'a'/);
    expect(message({ ...BASE, stages: [{ name: 'a', inputs: { x: 'b.y' } }] })).toMatch(
      /\$\.stages\[0\]\.inputs\.x: stage 'b' is not an earlier stage/,
    );
  });

  it('rejects unknown keys (prototype names included) with the valid keys and a did-you-mean', () => {
    expect(message({ ...BASE, stage: [] })).toMatch(
      /unknown key '\$\.stage'; valid: dataset, name, seed, stages, store; did you mean 'stages'\?/,
    );
    expect(message({ ...BASE, stages: [{ name: 'a', param: {} }] })).toMatch(
      /unknown key '\$\.stages\[0\]\.param'; valid: inputs, name, params, splits, uses; did you mean 'params'\?/,
    );
    for (const k of ['constructor', '__proto__', 'toString']) {
      expect(message({ ...BASE, ...JSON.parse(`{"${k}": 1}`) })).toContain(`unknown key '$.${k}'`);
      expect(message({ ...BASE, stages: [{ name: 'a', inputs: JSON.parse(`{"${k}": "b.c"}`) }] })).toContain(
        `'${k}' is not a valid key`,
      );
    }
  });
});
