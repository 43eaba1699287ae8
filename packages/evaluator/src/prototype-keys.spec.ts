import { ConfigError } from '@wsstad/core';
import { normalizeEvalConfig, normalizeInferConfig } from './config';

// JSON.parse makes '__proto__' an own key, as a params file or `wsstad infer --config` would.
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: 1}`);
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe('infer/evaluate params: prototype member names are unknown keys', () => {
  it.each(NAMES)('normalizeInferConfig rejects %s', (k) => {
    expect(() => normalizeInferConfig(withKey(k))).toThrow(ConfigError);
    expect(() => normalizeInferConfig(withKey(k))).toThrow(`unknown infer param '${k}'; valid: `);
  });

  it.each(NAMES)('normalizeEvalConfig rejects %s', (k) => {
    expect(() => normalizeEvalConfig(withKey(k))).toThrow(`unknown evaluate param '${k}'; valid: `);
  });

  it('still accepts real keys', () => {
    expect(normalizeInferConfig({ subTubes: 3 }).subTubes).toBe(3);
    expect(normalizeEvalConfig({ randomSeeds: 2 }).randomSeeds).toBe(2);
  });
});
