import { ConfigError } from '@wsstad/core';
import { normalizeFeaturesConfig } from './config';

// JSON.parse makes '__proto__' an own key, as a params file or `wsstad infer --config` would.
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: 1}`);
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe('features params: unknown keys (prototype member names included) in every nested mapping', () => {
  it.each(NAMES)('rejects %s at the top level', (k) => {
    expect(() => normalizeFeaturesConfig(withKey(k))).toThrow(`unknown features param '${k}'; valid: backbone, c3d,`);
  });

  it.each(NAMES)('rejects %s inside grid, hog, hog.flow and c3d', (k) => {
    expect(() => normalizeFeaturesConfig({ grid: withKey(k) })).toThrow(
      `unknown features param 'grid.${k}'; valid: clipLength,`,
    );
    expect(() => normalizeFeaturesConfig({ hog: withKey(k) })).toThrow(
      `unknown features param 'hog.${k}'; valid: flow,`,
    );
    expect(() => normalizeFeaturesConfig({ hog: { flow: withKey(k) } })).toThrow(
      `unknown features param 'hog.flow.${k}'; valid: iterations,`,
    );
    expect(() => normalizeFeaturesConfig({ c3d: withKey(k) })).toThrow(ConfigError);
    expect(() => normalizeFeaturesConfig({ c3d: withKey(k) })).toThrow(`unknown features param 'c3d.${k}'`);
  });

  it('rejects a misspelt nested key (it used to be ignored silently)', () => {
    expect(() => normalizeFeaturesConfig({ grid: { clipLenght: 8 } })).toThrow(
      "unknown features param 'grid.clipLenght'; valid: clipLength, minTailFrames, stride; did you mean 'clipLength'?",
    );
  });

  it('accepts every documented nested key', () => {
    const c = normalizeFeaturesConfig({
      grid: { clipLength: 16, stride: 8, minTailFrames: 4 },
      hog: {
        tubeSize: 32,
        frameWidth: 64,
        frameHeight: 64,
        gridX: 3,
        gridY: 3,
        temporalCells: 2,
        hogWeight: 0.5,
        flow: { pyrScale: 0.5, levels: 2, winsize: 9, iterations: 3, polyN: 5, polySigma: 1.1 },
      },
      c3d: {
        weights: null,
        onnx: null,
        channelOrder: 'bgr',
        mean: [1, 2, 3],
        batchSize: 1,
        device: 'auto',
        threads: 0,
      },
    });
    expect(c.grid.stride).toBe(8);
    expect(c.c3d.mean).toEqual([1, 2, 3]);
  });
});
