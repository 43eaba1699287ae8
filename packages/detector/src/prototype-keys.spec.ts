import { ConfigError } from '@wsstad/core';
import { normalizeDetectorConfig } from './config';
import { normalizeDetectStageParams } from './stage';

// JSON.parse makes '__proto__' an own key, as a params file or `wsstad infer --config` would.
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const withKey = (k: string, base: object = {}): Record<string, unknown> => ({
  ...base,
  ...JSON.parse(`{${JSON.stringify(k)}: 1}`),
});

describe('detector params: prototype member names are unknown keys', () => {
  it.each(PROTOTYPE_NAMES)('normalizeDetectStageParams rejects %s', (k) => {
    expect(() => normalizeDetectStageParams(withKey(k))).toThrow(ConfigError);
    expect(() => normalizeDetectStageParams(withKey(k))).toThrow(`unknown detect param '${k}'`);
  });

  it.each(PROTOTYPE_NAMES)('normalizeDetectorConfig rejects %s as a detector setting', (k) => {
    expect(() => normalizeDetectorConfig(withKey(k, { kind: 'background-subtraction' }))).toThrow(`setting '${k}'`);
    expect(() => normalizeDetectorConfig(withKey(k, { kind: 'oracle' }))).toThrow(ConfigError);
  });

  it('still accepts the real keys', () => {
    expect(normalizeDetectStageParams({ detector: 'background-subtraction', stride: 2 }).stride).toBe(2);
  });
});

describe('detector kind and names: prototype member names are unknown detectors', () => {
  it.each(['constructor', 'toString', '__proto__'])('kind %s is a ConfigError (it overflowed the stack)', (k) => {
    expect(() => normalizeDetectorConfig({ kind: k })).toThrow(ConfigError);
    expect(() => normalizeDetectorConfig({ kind: k })).toThrow(/unknown detector kind/);
    expect(() => normalizeDetectStageParams({ detector: { kind: k } })).toThrow(ConfigError);
  });
});
