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

describe('synth overrides: types, ranges and unknown keys', () => {
  it('reads --set text by type, exactly: "False" or "yes" is no boolean', () => {
    expect(normalizeSynthConfig('tiny', { writeTrainGroundTruth: 'false' }).writeTrainGroundTruth).toBe(false);
    expect(normalizeSynthConfig('tiny', { writeTrainGroundTruth: false }).writeTrainGroundTruth).toBe(false);
    for (const t of ['False', 'yes', '0']) {
      expect(() => normalizeSynthConfig('tiny', { writeTrainGroundTruth: t })).toThrow(
        /writeTrainGroundTruth=".*" is invalid; allowed: true or false/,
      );
    }
  });

  it('says the range, the list of values and a did-you-mean', () => {
    expect(() => normalizeSynthConfig('tiny', { frames: 10 })).toThrow(
      /synth setting frames=10 is invalid; allowed: an integer in \[32, 100000\]\nFix: e.g. frames: 224/,
    );
    expect(() => normalizeSynthConfig('tiny', { layouts: 'road,moon' })).toThrow(
      /layouts\[1\]="moon" is invalid; allowed: a non-empty list of road, plaza/,
    );
    expect(() => normalizeSynthConfig('tiny', { framez: 3 })).toThrow(
      /unknown synth setting 'framez'; valid: abnormalShare, anomalies, .*; did you mean 'frames'\?/,
    );
    expect(() => normalizeSynthConfig('tiny', { eventShareMin: 0.5, eventShareMax: 0.2 })).toThrow(
      'eventShareMin (0.5) > eventShareMax (0.2)',
    );
  });

  it('keeps list overrides deduplicated, as before', () => {
    expect(normalizeSynthConfig('tiny', { layouts: 'road,road,plaza' }).layouts).toEqual(['road', 'plaza']);
  });
});
