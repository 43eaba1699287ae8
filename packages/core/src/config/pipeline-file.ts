import * as cfg from './schema';

/**
 * The shape of a pipeline file (pipelines/<name>/pipeline.yaml), as a schema: the engine checks
 * files with it (plus the rules a schema cannot say: unique names, earlier stages, one dataset
 * kind), and tools/src/schema writes pipelines/pipeline.schema.json from it for editors. It lives
 * in core so that writing the JSON Schema needs no engine. A stage's `params` are any mapping here;
 * each stage checks its own (and the JSON Schema shows detect's and link's).
 */
export const PIPELINE_NAME_RE = /^[a-z][a-z0-9-]*$/;
export const PIPELINE_REF_RE = /^[a-z][a-z0-9-]*\.[A-Za-z0-9_-]+$/;
export const PIPELINE_SPLITS = ['train', 'test'] as const;

const name = () => cfg.str(PIPELINE_NAME_RE, `a name matching ${PIPELINE_NAME_RE} (e.g. 'link')`);
const seed = () => cfg.int(0, Number.MAX_SAFE_INTEGER, 'an integer >= 0');
const REF = "'<earlier stage>.<artifact>', e.g. detect.detections";
const SPLITS = 'a non-empty list of train, test';
const STAGES = 'a non-empty list of { name, uses, params?, inputs?, splits? }';

export const PIPELINE_STAGE_SCHEMA = cfg.object(
  {
    name: cfg.describe(name(), 'Stage name, unique in the pipeline; outputs are referred to as <name>.<artifact>.'),
    uses: cfg.describe(
      cfg.str(),
      'The registered stage to run (default: the name), e.g. detect, link, features, train.',
    ),
    params: cfg.describe(cfg.nullable(cfg.mapping()), "The stage's parameters (its README lists them)."),
    inputs: cfg.describe(
      cfg.nullable(cfg.record(cfg.str(PIPELINE_REF_RE, REF), `a mapping of input -> ${REF}`)),
      'Where each input comes from (default: the latest earlier stage writing an artifact of that name).',
    ),
    splits: cfg.describe(
      cfg.list(cfg.oneOf(PIPELINE_SPLITS, SPLITS), { min: 1, allowed: SPLITS }),
      'Run on these splits only.',
    ),
  },
  'a mapping { name, uses?, params?, inputs?, splits? }',
  ['name'],
);

export const PIPELINE_SYNTH_SCHEMA = cfg.object(
  {
    preset: cfg.describe(cfg.str(), 'Synthetic benchmark preset: tiny, small or medium.'),
    seed: seed(),
    overrides: cfg.describe(cfg.nullable(cfg.mapping()), "Generator settings replacing the preset's (@wsstad/video)."),
  },
  'a mapping { preset, seed?, overrides? }',
  ['preset'],
);

export const PIPELINE_FILE_SCHEMA = cfg.object(
  {
    name: cfg.describe(name(), 'Pipeline name.'),
    dataset: cfg.describe(
      cfg.object(
        {
          manifest: cfg.describe(cfg.str(), 'A dataset manifest (JSON), relative to this file.'),
          synth: PIPELINE_SYNTH_SCHEMA,
        },
        'manifest: <path> | synth: { preset, seed, overrides }',
      ),
      'Exactly one of manifest or synth.',
    ),
    store: cfg.describe(cfg.str(), 'Artifact store directory, relative to this file (default: the workspace store).'),
    seed: cfg.describe(seed(), 'Seed of every random choice (default 0).'),
    stages: cfg.list(PIPELINE_STAGE_SCHEMA, { min: 1, allowed: STAGES }),
  },
  'a mapping with keys name, dataset, store, seed, stages',
  ['name', 'dataset', 'stages'],
);
