import { ConfigError } from '@wsstad/core';
import { normalizeSynthConfig } from './presets';

// JSON.parse makes '__proto__' an own key, as a pipeline file's `synth.overrides` would.
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: "1"}`);

describe('synth overrides: prototype member names are unknown settings', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('normalizeSynthConfig rejects %s', (k) => {
    expect(() => normalizeSynthConfig('tiny', withKey(k))).toThrow(ConfigError);
    expect(() => normalizeSynthConfig('tiny', withKey(k))).toThrow(`unknown synth setting '${k}'`);
  });

  it('still accepts real settings (strings from --set included)', () => {
    expect(normalizeSynthConfig('tiny', { frames: '120', layouts: 'road' }).frames).toBe(120);
  });
});
