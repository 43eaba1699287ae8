import { ConfigError } from '@wsstad/core';
import { normalizeFeaturesConfig } from './config';
import { normalizeImportFeaturesConfig } from './importers/config';

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
const IMPORT = { format: 'sultani-txt', dir: 'features' };

describe('features and import-features params on the core schema helper', () => {
  it.each(['constructor', '__proto__', 'toString'])('rejects the prototype name %s as an unknown key', (k) => {
    expect(message(() => normalizeFeaturesConfig({ grid: { stride: 8 }, ...withKey(k) }))).toContain(
      `unknown features param '${k}'; valid: backbone, c3d, contextMargin, grid, hog, wholeFrame`,
    );
    expect(message(() => normalizeImportFeaturesConfig({ ...IMPORT, ...withKey(k) }))).toContain(
      `unknown import-features param '${k}'; valid: dim, dir, format`,
    );
  });

  it('never coerces: "false" is not a boolean, "30" is not a number', () => {
    expect(message(() => normalizeFeaturesConfig({ wholeFrame: 'false' }))).toBe(
      'features param wholeFrame="false" is invalid; allowed: true or false\nFix: e.g. wholeFrame: true',
    );
    expect(message(() => normalizeImportFeaturesConfig({ ...IMPORT, fps: '30' }))).toMatch(
      /import-features param fps="30" is invalid; allowed: a number in \(0, 1000\]\nFix: e.g. fps: 30/,
    );
  });

  it('says the range, the key path and an example for out-of-range values', () => {
    expect(message(() => normalizeFeaturesConfig({ hog: { flow: { levels: 9 } } }))).toBe(
      'features param hog.flow.levels=9 is invalid; allowed: an integer in [1, 6]\nFix: e.g. levels: 2',
    );
    expect(message(() => normalizeFeaturesConfig({ grid: { clipLength: 8 } }))).toMatch(
      /grid=\{"clipLength":8\} is invalid; .*at most clipLength \(8 here\), got stride 16/,
    );
    expect(message(() => normalizeImportFeaturesConfig({ ...IMPORT, segments: 0 }))).toMatch(
      /segments=0 is invalid; allowed: an integer in \[1, 100000\]\nFix: e.g. segments: 32/,
    );
    expect(message(() => normalizeImportFeaturesConfig({ format: 'rtfm-npy', dir: 'd', pattern: 'x.npy' }))).toMatch(
      /Fix: e.g. pattern: "\{name\}_i3d.npy"/,
    );
  });

  it('names an unknown key with the valid keys and a did-you-mean', () => {
    expect(message(() => normalizeFeaturesConfig({ hog: { tubesize: 32 } }))).toMatch(
      /unknown features param 'hog.tubesize'; valid: .*; did you mean 'tubeSize'\?/,
    );
    expect(message(() => normalizeImportFeaturesConfig({ ...IMPORT, frameCount: 'f.txt' }))).toMatch(
      /did you mean 'frameCounts'\?/,
    );
  });

  it('keeps the derived defaults: minTailFrames follows a short clipLength, pattern follows the format', () => {
    expect(normalizeFeaturesConfig({ grid: { clipLength: 2, stride: 2 } }).grid).toEqual({
      clipLength: 2,
      stride: 2,
      minTailFrames: 2,
    });
    expect(normalizeFeaturesConfig(undefined).grid).toEqual({ clipLength: 16, stride: 16, minTailFrames: 4 });
    expect(normalizeImportFeaturesConfig({ format: 'rtfm-npy', dir: 'd' }).pattern).toBe('{name}_i3d.npy');
  });
});
