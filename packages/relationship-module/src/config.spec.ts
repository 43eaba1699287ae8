import { ConfigError } from '@wsstad/core';
import { normalizeModelConfig } from './config';
import { DEFAULT_MODEL_CONFIG } from './defaults';

const message = (x: unknown): string => {
  try {
    normalizeModelConfig(x);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return String((e as Error).message);
  }
  throw new Error(`accepted ${JSON.stringify(x)}`);
};
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: 1}`);

describe('normalizeModelConfig on the core schema helper', () => {
  it('fills the defaults with a fresh copy and keeps every given field', () => {
    const c = normalizeModelConfig({ featureDim: 16, heads: 4, hidden: [8, 4] });
    expect(c).toEqual({ ...DEFAULT_MODEL_CONFIG, featureDim: 16, heads: 4, hidden: [8, 4] });
    expect(normalizeModelConfig().hidden).not.toBe(DEFAULT_MODEL_CONFIG.hidden);
  });

  it.each(['constructor', '__proto__', 'toString'])('rejects the prototype name %s', (k) => {
    expect(message(withKey(k))).toContain(
      `model config: unknown field '${k}'; valid: attentionCentering, attentionInit, branches, dropout,`,
    );
  });

  it('never coerces: "true" is not a boolean and "512" is not a number', () => {
    expect(message({ featureDim: '512' })).toBe(
      'model config: field featureDim="512" is invalid; allowed: an integer in [1, 65536]\nFix: e.g. featureDim: 4096',
    );
    expect(message({ hidden: ['8', 4] })).toMatch(
      /field hidden\[0\]="8" is invalid; allowed: an integer in \[1, 65536\]/,
    );
  });

  it('says the range and an example for out-of-range values; the cross-field rule has its own text', () => {
    expect(message({ dropout: 1 })).toMatch(
      /field dropout=1 is invalid; allowed: a number in \[0, 1\)\nFix: e.g. dropout: 0.6/,
    );
    expect(message({ hidden: [8] })).toMatch(
      /field hidden=\[8\] is invalid; allowed: two positive integers \[h1, h2\]/,
    );
    expect(message({ featureDim: 10, heads: 8 })).toMatch(
      /heads = 8 does not divide featureDim = 10; allowed: heads dividing/,
    );
    expect(normalizeModelConfig({ featureDim: 10, heads: 8, relation: 'gcn' }).heads).toBe(8);
  });

  it('names an unknown field with the valid ones and a did-you-mean', () => {
    expect(message({ hiden: [1, 2] })).toMatch(/unknown field 'hiden'; valid: .*hidden.*; did you mean 'hidden'\?/);
    expect(message({ relation: 'rnn' })).toMatch(/relation="rnn" is invalid; allowed: 'attention' \| 'gcn' \| 'none'/);
  });
});
