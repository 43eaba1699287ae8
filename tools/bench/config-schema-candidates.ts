/**
 * The same two schemas (detect params with a background-subtraction detector; the pipeline file)
 * written in each candidate library, for tools/bench/config-schema.ts. Libraries are loaded with
 * `req` from their scratch install, so the repo does not depend on the losers.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Req = (id: string) => any;
export interface Built {
  detect(x: unknown): boolean;
  pipeline(x: unknown): boolean;
  /** The library's own message for a bad value (path included when it gives one). */
  message(x: unknown): string;
  /** Bytes of the JSON Schema of the pipeline file, or 0 when the library cannot produce one. */
  jsonSchema(): number;
}
export interface Candidate {
  id: string;
  label: string;
  packages: string[];
  entry: string;
  build(req: Req): Built;
}

/** [key, min, max, integer] of the background-subtraction settings (packages/detector/src/config.ts). */
const BGS: Array<[string, number, number, boolean]> = [
  ['history', 1, 1e5, true],
  ['varThreshold', 0.1, 1e4, false],
  ['learningRate', 0, 1, false],
  ['warmupFrames', 0, 1e5, true],
  ['blur', 0, 31, true],
  ['openKernel', 0, 31, true],
  ['closeKernel', 0, 31, true],
  ['minAreaFraction', 0, 1, false],
  ['minArea', 1, 1e9, true],
  ['mergeDistance', -1, 1000, false],
  ['lightSwitchFraction', 0.01, 1, false],
  ['relearnFrames', 0, 1e4, true],
  ['relearnRate', 0, 1, false],
  ['scoreAreaScale', 1, 1e9, false],
  ['personAspect', 0.1, 100, false],
  ['vehicleAspect', 0.1, 100, false],
  ['vehicleAreaFraction', 0, 1, false],
  ['ghostEdgeRatio', 0, 1000, false],
];
const NAME = /^[a-z][a-z0-9-]*$/;
const REF = /^[a-z][a-z0-9-]*\.[A-Za-z0-9_-]+$/;

function zod(id: string, label: string, version: string, toJson: boolean): Candidate {
  return {
    id,
    label,
    packages: [`zod@${version}`],
    entry: 'zod',
    build(req) {
      const { z } = req('zod');
      const num = (lo: number, hi: number, int: boolean) => (int ? z.number().int() : z.number()).min(lo).max(hi);
      const bgs = z
        .object({
          kind: z.literal('background-subtraction'),
          detectShadows: z.boolean(),
          ...Object.fromEntries(BGS.map(([k, lo, hi, int]) => [k, num(lo, hi, int)])),
        })
        .strict();
      const detect = z.object({ detector: bgs, stride: num(1, 1000, true) }).strict();
      const stage = z
        .object({
          name: z.string().regex(NAME),
          uses: z.string().min(1).optional(),
          params: z.record(z.string(), z.unknown()).optional(),
          inputs: z.record(z.string(), z.string().regex(REF)).optional(),
          splits: z
            .array(z.enum(['train', 'test']))
            .min(1)
            .optional(),
        })
        .strict();
      const synth = z
        .object({
          preset: z.string(),
          seed: z.number().int().min(0).optional(),
          overrides: z.record(z.string(), z.unknown()).optional(),
        })
        .strict();
      const pipeline = z
        .object({
          name: z.string().regex(NAME),
          dataset: z.union([z.object({ manifest: z.string() }).strict(), z.object({ synth }).strict()]),
          store: z.string().optional(),
          seed: z.number().int().min(0).optional(),
          stages: z.array(stage).min(1),
        })
        .strict();
      return {
        detect: (x) => detect.safeParse(x).success,
        pipeline: (x) => pipeline.safeParse(x).success,
        message: (x) => {
          const i = detect.safeParse(x).error.issues[0];
          return `${i.path.join('.')}: ${i.message}`;
        },
        jsonSchema: () => (toJson ? JSON.stringify(z.toJSONSchema(pipeline)).length : 0),
      };
    },
  };
}

const valibot: Candidate = {
  id: 'valibot',
  label: 'valibot 1 (+ @valibot/to-json-schema)',
  packages: ['valibot@1', '@valibot/to-json-schema@1'],
  entry: 'valibot',
  build(req) {
    const v = req('valibot');
    const { toJsonSchema } = req('@valibot/to-json-schema');
    const num = (lo: number, hi: number, int: boolean) =>
      int
        ? v.pipe(v.number(), v.integer(), v.minValue(lo), v.maxValue(hi))
        : v.pipe(v.number(), v.minValue(lo), v.maxValue(hi));
    const bgs = v.strictObject({
      kind: v.literal('background-subtraction'),
      detectShadows: v.boolean(),
      ...Object.fromEntries(BGS.map(([k, lo, hi, int]) => [k, num(lo, hi, int)])),
    });
    const detect = v.strictObject({ detector: bgs, stride: num(1, 1000, true) });
    const stage = v.strictObject({
      name: v.pipe(v.string(), v.regex(NAME)),
      uses: v.optional(v.pipe(v.string(), v.minLength(1))),
      params: v.optional(v.record(v.string(), v.unknown())),
      inputs: v.optional(v.record(v.string(), v.pipe(v.string(), v.regex(REF)))),
      splits: v.optional(v.pipe(v.array(v.picklist(['train', 'test'])), v.minLength(1))),
    });
    const synth = v.strictObject({
      preset: v.string(),
      seed: v.optional(num(0, Number.MAX_SAFE_INTEGER, true)),
      overrides: v.optional(v.record(v.string(), v.unknown())),
    });
    const pipeline = v.strictObject({
      name: v.pipe(v.string(), v.regex(NAME)),
      dataset: v.union([v.strictObject({ manifest: v.string() }), v.strictObject({ synth })]),
      store: v.optional(v.string()),
      seed: v.optional(num(0, Number.MAX_SAFE_INTEGER, true)),
      stages: v.pipe(v.array(stage), v.minLength(1)),
    });
    return {
      detect: (x) => v.safeParse(detect, x).success,
      pipeline: (x) => v.safeParse(pipeline, x).success,
      message: (x) => {
        const i = v.safeParse(detect, x).issues[0];
        return `${v.getDotPath(i)}: ${i.message}`;
      },
      jsonSchema: () => JSON.stringify(toJsonSchema(pipeline, { errorMode: 'ignore' })).length,
    };
  },
};

const typebox: Candidate = {
  id: 'typebox',
  label: '@sinclair/typebox 0.34 (compiled)',
  packages: ['@sinclair/typebox@0.34'],
  entry: '@sinclair/typebox',
  build(req) {
    const { Type: T } = req('@sinclair/typebox');
    const { TypeCompiler } = req('@sinclair/typebox/compiler');
    const num = (lo: number, hi: number, int: boolean) => (int ? T.Integer : T.Number)({ minimum: lo, maximum: hi });
    const strict = (p: Record<string, unknown>) => T.Object(p, { additionalProperties: false });
    const bgs = strict({
      kind: T.Literal('background-subtraction'),
      detectShadows: T.Boolean(),
      ...Object.fromEntries(BGS.map(([k, lo, hi, int]) => [k, num(lo, hi, int)])),
    });
    const detect = TypeCompiler.Compile(strict({ detector: bgs, stride: num(1, 1000, true) }));
    const stage = strict({
      name: T.String({ pattern: NAME.source }),
      uses: T.Optional(T.String({ minLength: 1 })),
      params: T.Optional(T.Record(T.String(), T.Unknown())),
      inputs: T.Optional(T.Record(T.String(), T.String({ pattern: REF.source }))),
      splits: T.Optional(T.Array(T.Union([T.Literal('train'), T.Literal('test')]), { minItems: 1 })),
    });
    const synth = strict({
      preset: T.String(),
      seed: T.Optional(T.Integer({ minimum: 0 })),
      overrides: T.Optional(T.Record(T.String(), T.Unknown())),
    });
    const schema = strict({
      name: T.String({ pattern: NAME.source }),
      dataset: T.Union([strict({ manifest: T.String() }), strict({ synth })]),
      store: T.Optional(T.String()),
      seed: T.Optional(T.Integer({ minimum: 0 })),
      stages: T.Array(stage, { minItems: 1 }),
    });
    const pipeline = TypeCompiler.Compile(schema);
    return {
      detect: (x) => detect.Check(x),
      pipeline: (x) => pipeline.Check(x),
      message: (x) => {
        const e = detect.Errors(x).First();
        return `${e.path}: ${e.message}`;
      },
      jsonSchema: () => JSON.stringify(schema).length,
    };
  },
};

export const CANDIDATES: Candidate[] = [
  zod('zod3', 'zod 3.23 (no JSON Schema without zod-to-json-schema)', '3.23.8', false),
  zod('zod4', 'zod 4', '4', true),
  valibot,
  typebox,
];
