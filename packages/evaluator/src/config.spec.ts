import { ConfigError } from '@wsstad/core';
import { normalizeEvalConfig, normalizeInferConfig } from './config';
import { DEFAULT_EVAL_CONFIG, DEFAULT_INFER_CONFIG } from './defaults';

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

describe('infer and evaluate params on the core schema helper', () => {
  it.each(['constructor', '__proto__', 'toString'])('rejects the prototype name %s as an unknown key', (k) => {
    expect(message(() => normalizeInferConfig(withKey(k)))).toContain(
      `unknown infer param '${k}'; valid: bag, frameScores, l2, localisationWeight, maxTubes, rangeThreshold, segments`,
    );
    expect(message(() => normalizeEvalConfig(withKey(k)))).toContain(
      `unknown evaluate param '${k}'; valid: baselineCandidates`,
    );
  });

  it('never coerces: "false" is not a boolean, "4" is not a number', () => {
    expect(message(() => normalizeEvalConfig({ keyFrames: 'false' }))).toBe(
      'evaluate param keyFrames="false" is invalid; allowed: true or false\nFix: e.g. keyFrames: true',
    );
    expect(message(() => normalizeEvalConfig({ spatial: 'false' }))).toMatch(/allowed: 'auto', true or false/);
    expect(message(() => normalizeInferConfig({ subTubes: '4' }))).toMatch(/^infer param subTubes="4" is invalid/);
  });

  it('says the range, the key path and an example for out-of-range values', () => {
    expect(message(() => normalizeInferConfig({ tubeWeight: -0.1 }))).toBe(
      'infer param tubeWeight=-0.1 is invalid; allowed: a number in [0, 1]\nFix: e.g. tubeWeight: 0.5',
    );
    expect(message(() => normalizeInferConfig({ bag: 'tube' }))).toMatch(
      /bag="tube" is invalid; allowed: "video", "instance", "mean", "split"\nFix: e.g. bag: "split"/,
    );
    expect(message(() => normalizeEvalConfig({ eps: [0.1, 1.5] }))).toMatch(
      /^evaluate param eps\[1\]=1.5 is invalid; allowed: a non-empty list of numbers in \[0, 1\]/,
    );
    expect(message(() => normalizeEvalConfig({ ciLevel: 0 }))).toMatch(
      /ciLevel=0 is invalid; allowed: a number in \(0, 1\)/,
    );
  });

  it('names an unknown key with the valid keys and a did-you-mean', () => {
    expect(message(() => normalizeInferConfig({ subtubes: 4 }))).toMatch(
      /unknown infer param 'subtubes'; .*did you mean 'subTubes'\?/,
    );
    expect(message(() => normalizeEvalConfig({ bootstraps: 10 }))).toMatch(/did you mean 'bootstrap'\?/);
  });

  it('keeps the defaults, the nullable "as trained" settings and the eps normalisation', () => {
    expect(normalizeInferConfig(undefined)).toEqual(DEFAULT_INFER_CONFIG);
    const asTrained = { subTubes: null, l2: null, segments: 8 };
    expect(normalizeInferConfig(asTrained)).toMatchObject(asTrained);
    expect(normalizeEvalConfig(null)).toEqual(DEFAULT_EVAL_CONFIG);
    expect(normalizeEvalConfig({ eps: [0.3, 0.1, 0.3] }).eps).toEqual([0.1, 0.3]);
  });
});
