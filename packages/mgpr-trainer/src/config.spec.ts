import { ConfigError } from '@wsstad/core';
import { DEFAULT_TRAIN_CONFIG } from './defaults';
import { normalizeTrainConfig } from './config';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return String((e as Error).message);
  }
  throw new Error('accepted');
};
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: 1}`);

describe('train params on the core schema helper', () => {
  it.each(['constructor', '__proto__', 'toString'])('rejects the prototype name %s, at the top and in model', (k) => {
    expect(message(() => normalizeTrainConfig(withKey(k)))).toMatch(new RegExp(`^unknown train param '${k}'; valid: `));
    expect(message(() => normalizeTrainConfig({ model: withKey(k) }))).toContain(`unknown train param 'model.${k}'`);
  });

  it('never coerces: "false" for selectBest fails instead of turning into true', () => {
    expect(message(() => normalizeTrainConfig({ selectBest: 'false' }))).toBe(
      'train param selectBest="false" is invalid; allowed: true or false\nFix: e.g. selectBest: true',
    );
    expect(message(() => normalizeTrainConfig({ keepCheckpoints: 0 }))).toMatch(/keepCheckpoints=0 is invalid/);
    expect(normalizeTrainConfig({ selectBest: false }).selectBest).toBe(false);
  });

  it('says the range, the key path and an example for out-of-range values', () => {
    expect(message(() => normalizeTrainConfig({ subTubes: 65 }))).toBe(
      'train param subTubes=65 is invalid; allowed: an integer in [1, 64]\nFix: e.g. subTubes: 1',
    );
    expect(message(() => normalizeTrainConfig({ calibrationSubTubes: 0 }))).toMatch(
      /calibrationSubTubes=0 is invalid; allowed: null \(as trained\) or an integer in \[1, 1000\]/,
    );
    // model overrides are checked with the model's own ranges, named by their path.
    expect(message(() => normalizeTrainConfig({ model: { dropout: 1 } }))).toBe(
      'train param model.dropout=1 is invalid; allowed: a number in [0, 1)\nFix: e.g. dropout: 0.6',
    );
    expect(message(() => normalizeTrainConfig({ model: { branches: 'tube' } }))).toMatch(
      /model.branches="tube" is invalid; allowed: nothing: featureDim, relation, branches are set by/,
    );
  });

  it('names an unknown key with the valid keys and a did-you-mean', () => {
    expect(message(() => normalizeTrainConfig({ guidanceWeight: 'raw' }))).toMatch(
      /^unknown train param 'guidanceWeight'; valid: .*; did you mean 'guidanceWeights'\?\n/,
    );
    expect(message(() => normalizeTrainConfig({ guidanceWeight: 'raw' }))).toMatch(
      /\nFix: e.g. guidanceWeights: "raw"$/,
    );
    expect(message(() => normalizeTrainConfig({ model: { hiden: [8, 4] } }))).toMatch(
      /unknown train param 'model.hiden'; valid: .*; did you mean 'hidden'\?/,
    );
  });

  it('keeps the defaults and the accepted values of before', () => {
    expect(normalizeTrainConfig(undefined)).toEqual({ ...DEFAULT_TRAIN_CONFIG, model: {} });
    expect(normalizeTrainConfig({ model: null, seed: null }).model).toEqual({});
    const over = { normalizer: 'standardize-per-input', calibrationMaxTubes: 0, model: { hidden: [8, 4] } };
    expect(normalizeTrainConfig(over)).toMatchObject(over);
    // Written to model.json as given: the same bytes as before the migration.
    const { model } = normalizeTrainConfig({ model: { hidden: [8, 4], heads: 2 } });
    expect(Object.keys(model)).toEqual(['hidden', 'heads']);
  });
});
