import { ConfigError } from '@wsstad/core';
import { normalizeTrainConfig } from './config';

// JSON.parse makes '__proto__' an own key, as a params file or `wsstad train --config` would.
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: 1}`);

describe('train params: prototype member names are unknown keys', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('normalizeTrainConfig rejects %s', (k) => {
    expect(() => normalizeTrainConfig(withKey(k))).toThrow(ConfigError);
    expect(() => normalizeTrainConfig(withKey(k))).toThrow(`unknown train param '${k}'; valid: `);
  });

  it('still accepts a real key', () => {
    expect(normalizeTrainConfig({ iterations: 7 }).iterations).toBe(7);
  });
});
