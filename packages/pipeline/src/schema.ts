import { ConfigError, normalizeWith, PIPELINE_FILE_SCHEMA, type Infer } from '@wsstad/core';
import type { DatasetSpec, PipelineSpec, StageSpec } from './types';
import { DEFAULT_SEED } from './defaults';

/**
 * The pipeline-file schema lives in core (PIPELINE_FILE_SCHEMA, also the source of the editors'
 * pipelines/pipeline.schema.json); this adds the rules a schema cannot say. Every message names
 * the file, the key path and what is allowed, so a typo is fixed without reading the runner.
 */
const EXAMPLE = `name: toy
dataset: { manifest: data/manifest.json }
seed: 1
stages:
  - { name: detect, uses: detect, params: { detector: background-subtraction, stride: 1 } }
  - { name: link, uses: link, inputs: { detections: detect.detections } }`;
const HINT = `see the example pipeline:\n${EXAMPLE}`;

type FileSpec = Infer<typeof PIPELINE_FILE_SCHEMA>;

function fail(file: string, path: string, msg: string, allowed: string): never {
  throw new ConfigError(`${path}: ${msg}; allowed: ${allowed}`, { file, hint: HINT });
}

/** Validate a parsed pipeline file (plain JSON data) and fill defaults. Throws ConfigError naming file and key. */
export function normalizePipelineSpec(raw: unknown, file: string): PipelineSpec {
  const top: FileSpec = normalizeWith(PIPELINE_FILE_SCHEMA, raw, { file, root: '$', hint: HINT });
  const dataset = normalizeDataset(file, top.dataset!);
  const stages: StageSpec[] = [];
  const seen = new Set<string>();
  top.stages!.forEach((o, i) => {
    const p = `$.stages[${i}]`;
    const sname = o.name!;
    if (seen.has(sname)) fail(file, `${p}.name`, `duplicate stage name '${sname}'`, 'unique stage names');
    seen.add(sname);
    const inputs: Record<string, string> = {};
    for (const [k, ref] of Object.entries(o.inputs ?? {})) {
      const from = ref.split('.')[0]!;
      if (!seen.has(from) || from === sname) {
        const earlier = [...seen].filter((x) => x !== sname).join(', ') || '(no earlier stage)';
        fail(file, `${p}.inputs.${k}`, `stage '${from}' is not an earlier stage`, earlier);
      }
      inputs[k] = ref;
    }
    // cfg.mapping() passes the object itself, not a copy: the loader looks for prototype names in it.
    const params = o.params ?? {};
    const splits = o.splits ? [...new Set(o.splits)].sort() : undefined;
    stages.push({ name: sname, uses: o.uses ?? sname, params, inputs, ...(splits ? { splits } : {}) });
  });
  const store = top.store !== undefined ? { store: top.store } : {};
  return { name: top.name!, dataset, ...store, seed: top.seed ?? DEFAULT_SEED, stages };
}

function normalizeDataset(file: string, d: NonNullable<FileSpec['dataset']>): DatasetSpec {
  const keys = Object.keys(d);
  if (keys.length !== 1) {
    const got = `expected exactly one of manifest, synth; got ${keys.join(', ') || 'none'}`;
    fail(file, '$.dataset', got, 'manifest: <path> | synth: { preset, seed, overrides }');
  }
  if (d.manifest !== undefined) return { kind: 'manifest', manifest: d.manifest };
  const s = d.synth!;
  return { kind: 'synth', preset: s.preset!, seed: s.seed ?? 0, overrides: s.overrides ?? {} };
}
