import { ConfigError } from '@wsstad/core';
import { normalizeLinkConfig, resolveThresholds } from './config';
import { DEFAULT_LINK_CONFIG } from './defaults';

describe('normalizeLinkConfig', () => {
  it("fills the paper's defaults", () => {
    const c = normalizeLinkConfig({});
    expect(c).toEqual(DEFAULT_LINK_CONFIG);
    expect([c.eta, c.lambda, c.zeta1, c.zeta2, c.maxInstances]).toEqual([2, 0.1, 100, 50, 200]);
    expect(c.videolets).toEqual({ segments: 32, clipLength: 16 });
  });

  it.each([
    [{ lambda: 1 }, /lambda/],
    [{ eta: -1 }, /eta/],
    [{ zeta1: 0 }, /zeta1/],
    [{ zeta2: 2.5 }, /integer/],
    [{ gapTolerance: -1 }, /gapTolerance/],
    [{ cluster: 'all' }, /"seed", "closure"/],
    [{ temporalMatch: 'x' }, /"anyBox", "unionBox"/],
    [{ zeta1Seconds: -2 }, /seconds/],
    [{ unary: 'yes' }, /true or false/],
    [{ zeta: 3 }, /unknown key 'zeta'; valid: cluster, .*; did you mean 'zeta1'\?/],
    [{ unary: 'false' }, /unary="false" is invalid; allowed: true or false/],
    [{ maxInstances: 1e10 }, /maxInstances=10000000000 is invalid; allowed: an integer in \[0, 1000000000\]/],
    [{ videolets: { segments: 0 } }, /segments/],
    [{ videolets: { clips: 3 } }, /videolets.clips/],
    [[], /object/],
  ])('rejects %j', (raw, msg) => {
    expect(() => normalizeLinkConfig(raw)).toThrow(ConfigError);
    expect(() => normalizeLinkConfig(raw)).toThrow(msg);
  });
});

describe('normalizeLinkConfig: prototype member names are unknown keys', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('rejects %s', (k) => {
    const raw = JSON.parse(`{${JSON.stringify(k)}: 1}`);
    expect(() => normalizeLinkConfig(raw)).toThrow(`link config: unknown key '${k}'`);
    expect(() => normalizeLinkConfig({ videolets: raw })).toThrow(
      `unknown key 'videolets.${k}'; valid: clipLength, segments`,
    );
  });
});

describe('resolveThresholds', () => {
  it('converts seconds with the fps and keeps frame counts otherwise', () => {
    const c = normalizeLinkConfig({ zeta1Seconds: 4, gapToleranceSeconds: 0.2 });
    expect(resolveThresholds(c, 25)).toEqual({ zeta1: 100, zeta2: 50, gapTolerance: 5 });
    expect(resolveThresholds(normalizeLinkConfig({ zeta2Seconds: 0.01 }), 10).zeta2).toBe(1);
  });
  it('needs a valid fps only when a threshold is in seconds', () => {
    expect(resolveThresholds(normalizeLinkConfig({}), NaN).zeta1).toBe(100);
    expect(() => resolveThresholds(normalizeLinkConfig({ zeta1Seconds: 1 }), 0)).toThrow(ConfigError);
  });
});
