import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, hashJson, lookup, WsstadError } from '@wsstad/core';
import { normalizePipelineSpec } from './schema';
import { findWorkspaceRoot } from './code-version';
import { DEFAULT_LOCK_FILE_NAME, DEFAULT_STORE_DIR } from './defaults';
import type { InputBinding, Pipeline, PipelineSpec, PlannedStage, StageRegistry } from './types';

export interface LoadOptions {
  /** Stage registry (the app's: the engine has no built-in stages). */
  registry: StageRegistry;
  /** Workspace root, for pipeline names and the default store (default: found upward from the file). */
  root?: string;
  /** Override the store directory (absolute or relative to the cwd). */
  store?: string;
}

/** `ref` is a pipeline.yaml path, a pipeline directory, or a name under <root>/pipelines/. */
export function resolvePipelineFile(ref: string, root?: string): string {
  const candidates = [ref, join(ref, 'pipeline.yaml')];
  const r = root ?? findWorkspaceRoot(process.cwd()) ?? process.cwd();
  if (!ref.includes('/') && !ref.endsWith('.yaml')) candidates.push(join(r, 'pipelines', ref, 'pipeline.yaml'));
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return resolve(c);
  throw new ConfigError(`no pipeline file found for '${ref}'`, {
    hint:
      `pass a pipeline name (pipelines/<name>/pipeline.yaml), a directory or a .yaml path; ` +
      `tried ${candidates.join(', ')}`,
  });
}

/**
 * YAML 1.2 core schema only: no custom tags, no code. Any warning (e.g. an unknown `!tag`) is an
 * error too, because a silently ignored tag would change what the file means.
 */
export function parsePipelineYaml(text: string, file: string): PipelineSpec {
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    prettyErrors: true,
  });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length)
    throw new ConfigError(`invalid YAML: ${problems[0]!.message}`, {
      file,
      hint: 'plain YAML 1.2 (core schema) only: mappings, lists, strings, numbers, booleans; no tags',
    });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    // yaml throws a plain ReferenceError when aliases expand past the limit (a "billion laughs" bomb).
    throw new ConfigError(
      `invalid YAML: aliases expand too much (${(e as Error).message}); at most ${MAX_YAML_ALIASES} ` +
        `alias expansions are allowed`,
      { file, hint: 'write the values out instead of nesting *aliases of aliases' },
    );
  }
  return normalizePipelineSpec(data, file);
}

/** Alias expansions allowed in a pipeline file (the yaml library's maxAliasCount). */
const MAX_YAML_ALIASES = 50;

/** Keys that name Object.prototype members: never parameters (they pass `k in DEFAULTS` checks). */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype']);

/** Reject prototype member names anywhere in a stage's params (nested mappings and lists included). */
export function assertNoPrototypeKeys(v: unknown, path: string, file: string): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertNoPrototypeKeys(x, `${path}[${i}]`, file));
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const k of Reflect.ownKeys(v)) {
    if (typeof k !== 'string') continue;
    if (PROTOTYPE_KEYS.has(k))
      throw new ConfigError(`${path}.${k}: '${k}' is not a parameter name (it names a JavaScript object built-in)`, {
        file,
        hint: "remove it; the stage's README lists its parameters",
      });
    assertNoPrototypeKeys((v as Record<string, unknown>)[k], `${path}.${k}`, file);
  }
}

/** Load, validate and bind a pipeline: stages resolved in the registry, params normalised, inputs wired. */
export function loadPipeline(ref: string, opts: LoadOptions): Pipeline {
  const file = resolvePipelineFile(ref, opts.root);
  const spec = parsePipelineYaml(readFileSync(file, 'utf8'), file);
  return bindPipeline(spec, file, opts);
}

export function bindPipeline(spec: PipelineSpec, file: string, opts: LoadOptions): Pipeline {
  const registry = opts.registry;
  const dir = dirname(file);
  const root = opts.root ?? findWorkspaceRoot(dir) ?? dir;
  const stages: PlannedStage[] = [];
  spec.stages.forEach((s, index) => {
    const where = `$.stages[${index}]`;
    const def = rethrow(file, `${where}.uses`, () => lookup(registry, s.uses, 'stage'));
    assertNoPrototypeKeys(s.params, `${where}.params`, file);
    const params = rethrow(file, `${where}.params`, () => def.normalizeParams(s.params));
    for (const k of Object.keys(s.inputs)) {
      if (!def.inputs.includes(k))
        throw new ConfigError(
          `${where}.inputs.${k}: stage '${def.name}' has no input '${k}'; ` +
            `allowed: ${def.inputs.join(', ') || '(none)'}`,
          { file },
        );
    }
    const inputs: InputBinding[] = [];
    for (const name of def.inputs) {
      const ref = s.inputs[name];
      const producer = ref
        ? stages.find((p) => p.name === ref.split('.')[0])
        : [...stages].reverse().find((p) => p.def.outputs.includes(name));
      const artifact = ref ? ref.split('.')[1]! : name;
      if (!producer && def.optionalInputs?.includes(name)) continue; // optional and nobody writes it: left unbound
      if (!producer)
        throw new ConfigError(
          `${where}: input '${name}' of stage '${s.name}' has no producer; no earlier stage writes '${name}'`,
          { file, hint: `map it explicitly: inputs: { ${name}: <stage>.<artifact> }` },
        );
      if (!producer.def.outputs.includes(artifact))
        throw new ConfigError(
          `${where}.inputs.${name}: stage '${producer.name}' writes no '${artifact}'; ` +
            `allowed: ${producer.def.outputs.join(', ')}`,
          { file },
        );
      inputs.push({ name, fromStage: producer.name, fromArtifact: artifact, scope: producer.def.scope });
    }
    if (def.scope === 'dataset' && def.outputs.length === 0)
      throw new ConfigError(`${where}: dataset stage '${def.name}' declares no outputs`, { file });
    const splits = s.splits ?? def.splits;
    stages.push({
      name: s.name,
      uses: s.uses,
      def,
      params,
      paramsHash: hashJson(params ?? null),
      inputs,
      index,
      ...(splits ? { splits } : {}),
    });
  });
  const storeRel = opts.store ?? spec.store;
  const storeDir = storeRel
    ? isAbsolute(storeRel)
      ? storeRel
      : resolve(opts.store ? process.cwd() : dir, storeRel)
    : resolve(root, DEFAULT_STORE_DIR);
  return {
    name: spec.name,
    file,
    dir,
    storeDir,
    lockFile: join(dir, DEFAULT_LOCK_FILE_NAME),
    dataset: spec.dataset,
    seed: spec.seed,
    stages,
    spec,
  };
}

function rethrow<T>(file: string, path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WsstadError)
      throw new ConfigError(`${path}: ${e.message.split('\nFix: ')[0]}`, { file, hint: e.hint, cause: e });
    throw e;
  }
}

/** Stage names selected by --only / --from / --until, in pipeline order. */
export function selectStages(p: Pipeline, sel: { only?: string[]; from?: string; until?: string }): PlannedStage[] {
  const names = p.stages.map((s) => s.name);
  const idx = (n: string, opt: string) => {
    const i = names.indexOf(n);
    if (i < 0)
      throw new ConfigError(`--${opt} '${n}': no such stage in pipeline '${p.name}'; valid: ${names.join(', ')}`, {
        file: p.file,
      });
    return i;
  };
  const lo = sel.from ? idx(sel.from, 'from') : 0;
  const hi = sel.until ? idx(sel.until, 'until') : names.length - 1;
  const only = sel.only?.length ? new Set(sel.only.map((n) => names[idx(n, 'only')]!)) : undefined;
  return p.stages.filter((s) => s.index >= lo && s.index <= hi && (!only || only.has(s.name)));
}

export const pipelineDisplayName = (p: Pipeline): string => `${p.name} (${basename(p.dir)})`;
