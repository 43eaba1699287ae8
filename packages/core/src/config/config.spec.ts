import { ConfigError } from '../errors';
import { parseCliSettings } from './cli';
import { normalizeWith } from './normalize';
import * as cfg from './schema';

const DEFAULTS = {
  eta: 2,
  zeta1: 100,
  unary: true,
  cluster: 'seed',
  videolets: { segments: 32 },
  classMap: { person: 'person' },
};
const SCHEMA = cfg.defineConfig(
  {
    eta: cfg.num(0, 1e6),
    zeta1: cfg.int(1, 1e9),
    unary: cfg.bool(),
    cluster: cfg.oneOf(['seed', 'closure']),
    videolets: cfg.defineConfig({ segments: cfg.int(1, 1e6) }, DEFAULTS.videolets),
    classMap: cfg.record(cfg.str(), 'class -> category names'),
    mean: cfg.list(cfg.num(-1e6, 1e6), { len: 3, allowed: 'three finite numbers' }),
  },
  DEFAULTS,
);
const CTX = { prefix: 'link config: ', defaults: DEFAULTS, file: 'p.yaml' };
const run = (x: unknown) => normalizeWith(SCHEMA, x, CTX);
const message = (x: unknown): string => {
  try {
    run(x);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(x)}`);
};
const withKey = (k: string): Record<string, unknown> => JSON.parse(`{${JSON.stringify(k)}: 1}`);

describe('normalizeWith', () => {
  it('fills defaults with fresh copies, never the frozen default objects', () => {
    const frozen = Object.freeze({ segments: 32 });
    const s = cfg.defineConfig({ v: cfg.defineConfig({ segments: cfg.int(1, 9e9) }, frozen) }, { v: frozen });
    const out = normalizeWith(s, {});
    expect(out).toEqual({ v: { segments: 32 } });
    expect(out.v).not.toBe(frozen);
    expect(run({ mean: [1, 2, 3] })).toMatchObject({
      eta: 2,
      zeta1: 100,
      unary: true,
      cluster: 'seed',
      mean: [1, 2, 3],
    });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'rejects the prototype name %s',
    (k) => {
      expect(message({ mean: [0, 0, 0], ...withKey(k) })).toContain(
        `unknown key '${k}'; valid: classMap, cluster, eta,`,
      );
      expect(message({ mean: [0, 0, 0], videolets: withKey(k) })).toContain(
        `unknown key 'videolets.${k}'; valid: segments`,
      );
      expect(message({ mean: [0, 0, 0], classMap: withKey(k) })).toContain(`'${k}' is not a valid key`);
    },
  );

  it('never coerces: "false" is not a boolean, "3" is not a number', () => {
    expect(message({ mean: [0, 0, 0], unary: 'false' })).toBe(
      'p.yaml: link config: key unary="false" is invalid; allowed: true or false\nFix: e.g. unary: true',
    );
    expect(message({ mean: [0, 0, 0], eta: '3' })).toMatch(
      /key eta="3" is invalid; allowed: a number in \[0, 1000000\]/,
    );
    expect(message({ mean: [0, 0, 0], unary: 0 })).toMatch(/allowed: true or false/);
  });

  it('says the range and gives an example for out-of-range values, with the key path', () => {
    expect(message({ mean: [0, 0, 0], zeta1: 2.5 })).toMatch(
      /key zeta1=2.5 is invalid; allowed: an integer in \[1, 1000000000\]\nFix: e.g. zeta1: 100/,
    );
    expect(message({ mean: [0, 0, 0], videolets: { segments: 0 } })).toMatch(
      /videolets.segments=0 is invalid; .*\nFix: e.g. segments: 32/,
    );
    expect(message({ mean: [0, 1] })).toMatch(/mean=\[0,1\] is invalid; allowed: three finite numbers/);
    expect(message({ mean: [0, 0, 0], cluster: 'all' })).toMatch(
      /cluster="all" is invalid; allowed: "seed", "closure"/,
    );
  });

  it('names an unknown key with the valid keys and a did-you-mean', () => {
    expect(message({ zeta: 3 })).toMatch(
      /unknown key 'zeta'; valid: classMap, cluster, eta, mean, unary, videolets, zeta1; did you mean 'zeta1'\?/,
    );
    expect(message({ Eta: 3 })).toMatch(/did you mean 'eta'/);
    expect(message({ xyzzy: 3 })).not.toMatch(/did you mean/);
  });

  it('rejects a list or a scalar where a mapping belongs, and names a missing required key', () => {
    expect(message([])).toMatch(/config must be a mapping \(an object\), got \[\]/);
    expect(message({ mean: [0, 0, 0], videolets: [1] })).toMatch(/videolets=\[1\] is invalid/);
    expect(message({})).toMatch(/needs key 'mean'; allowed: three finite numbers/);
  });

  it('refine adds cross-field rules with their own message', () => {
    const s = cfg.refine(
      cfg.object({ lo: cfg.num(0, 1), hi: cfg.num(0, 1) }),
      (x) => (x.lo ?? 0) <= (x.hi ?? 1),
      (x) => `lo (${x.lo}) > hi (${x.hi})`,
    );
    expect(() => normalizeWith(s, { lo: 0.5, hi: 0.2 })).toThrow('lo (0.5) > hi (0.2)');
  });
});

describe('parseCliSettings', () => {
  it('reads --set text by the declared type, exactly', () => {
    expect(parseCliSettings(SCHEMA, { eta: '3.5', unary: 'false', mean: '0, 0.5,1', cluster: 'seed' })).toEqual({
      eta: 3.5,
      unary: false,
      mean: [0, 0.5, 1],
      cluster: 'seed',
    });
    expect(run(parseCliSettings(SCHEMA, { mean: '1,2,3', unary: 'true' })).unary).toBe(true);
  });

  it.each(['False', 'yes', '1', ''])('leaves %j for a boolean as text, which is then rejected', (t) => {
    expect(parseCliSettings(SCHEMA, { unary: t }).unary).toBe(t);
    expect(message({ mean: [0, 0, 0], ...parseCliSettings(SCHEMA, { unary: t }) })).toMatch(/allowed: true or false/);
  });

  it('keeps a __proto__ key for validation to reject (assignment would drop it)', () => {
    expect(Object.keys(parseCliSettings(SCHEMA, JSON.parse('{"__proto__": "1"}')))).toEqual(['__proto__']);
  });

  it('reads a literal set such as true | false | "auto"', () => {
    const s = cfg.object({ objectness: cfg.oneOf([true, false, 'auto']) });
    expect(parseCliSettings(s, { objectness: 'false' })).toEqual({ objectness: false });
    expect(parseCliSettings(s, { objectness: 'auto' })).toEqual({ objectness: 'auto' });
  });
});
