import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CreateNodes, CreateNodesContext, CreateNodesResult, TargetConfiguration } from 'nx/src/devkit-exports';
import {
  datasetManifestPath,
  hashJson,
  keyDependencies,
  loadPipeline,
  packageClosure,
  readDatasetManifest,
  workspacePackages,
  STAGES,
  type Pipeline,
  type StageRegistry,
} from './deps';

/** Plugin options (JSON, from nx.json "plugins"). */
export interface PipelinePluginOptions {
  /** Module exporting `stages` (a registry) to use instead of the app's STAGES (tests, experiments). */
  registryModule?: string;
  /** Name of the cached target (default 'run'). */
  targetName?: string;
}

export const PIPELINE_GLOB = 'pipelines/*/pipeline.yaml';

/** Nx project name of a pipeline stage. */
export const stageProjectName = (pipeline: string, stage: string): string => `pipeline-${pipeline}-${stage}`;

/**
 * One Nx project per pipeline stage. The `run` target is cached on exactly what the runner keys
 * on (the engine's keyDependencies, the static part of plan()), at stage granularity: a runtime
 * input echoing the hash of the stage's normalised params, implementation, version, seed and
 * dataset spec; the production sources (src/**\/*.ts minus specs and fixtures) of the
 * implementing package and its workspace dependencies (the files the runner's code version
 * hashes); the dataset manifest; the external per-video files; and the upstream stages' manifests
 * (their `run` outputs). Output: the stage manifest in the store.
 */
export function createPipelineProjects(
  file: string,
  workspaceRoot: string,
  registry: StageRegistry,
  targetName = 'run',
): CreateNodesResult {
  const p = loadPipeline(join(workspaceRoot, file), { registry, root: workspaceRoot });
  const dirs = workspacePackages(workspaceRoot);
  const projects: NonNullable<CreateNodesResult['projects']> = {};
  const pipelineRel = relative(workspaceRoot, p.dir).split('\\').join('/');
  const f = datasetManifestPath(p);
  const dataset = p.stages.some((s) => s.def.videoFiles) && f && existsSync(f) ? readDatasetManifest(f) : undefined;
  for (const s of p.stages) {
    const kd = keyDependencies(p, s.name, dataset);
    const deps = kd.upstream.map((u) => stageProjectName(p.name, u));
    const target: TargetConfiguration = {
      executor: 'nx:run-commands',
      options: { command: `tsx packages/cli/src/bin.ts run ${pipelineRel} --only ${s.name}`, cwd: '{workspaceRoot}' },
      cache: true,
      dependsOn: [`^${targetName}`],
      inputs: [
        { runtime: `echo ${stageFingerprint(p, s.name)}` },
        `{workspaceRoot}/${file}`,
        ...datasetInputs(p, workspaceRoot),
        ...externalFileInputs(kd.externalFiles, workspaceRoot),
        ...codeInputs(kd.package, dirs, workspaceRoot),
        { dependentTasksOutputFiles: '**/*.json' },
      ],
      outputs: manifestOutput(p, s.name, workspaceRoot),
      metadata: { description: `stage '${s.name}' (${s.uses}, ${s.def.scope}) of pipeline '${p.name}': ${s.def.doc}` },
    };
    projects[`${pipelineRel}/stages/${s.name}`] = {
      name: stageProjectName(p.name, s.name),
      projectType: 'application',
      tags: ['type:pipeline-stage', `pipeline:${p.name}`],
      implicitDependencies: deps,
      targets: { [targetName]: target },
    };
  }
  return { projects };
}

/** Hash of everything in the pipeline file that determines the stage's results (params normalised). */
export function stageFingerprint(p: Pipeline, stage: string): string {
  const k = keyDependencies(p, stage);
  return hashJson({
    uses: k.uses,
    version: k.version,
    params: k.paramsHash,
    seed: k.seed,
    dataset: k.dataset,
    inputs: k.inputs,
    splits: k.splits,
  }).slice(0, 32);
}

/** `{workspaceRoot}/<path>` for an absolute path inside the workspace (posix separators); undefined outside it. */
function inWorkspace(root: string, abs: string): string | undefined {
  const rel = relative(root, abs);
  return !rel || rel.startsWith('..') || isAbsolute(rel) ? undefined : `{workspaceRoot}/${rel.split('\\').join('/')}`;
}

function codeInputs(pkg: string, dirs: Record<string, string>, root: string): string[] {
  return packageClosure(pkg, dirs).flatMap((name) => {
    const d = inWorkspace(root, dirs[name]!)!;
    return [`${d}/src/**/*.ts`, `!${d}/src/**/*.spec.ts`, `!${d}/src/**/__fixtures__/**`];
  });
}

function datasetInputs(p: Pipeline, root: string): string[] {
  const f = datasetManifestPath(p);
  const input = f && inWorkspace(root, f);
  return input ? [input] : [];
}

/**
 * Folders of the per-video files a stage reads from outside the store (`videoFiles`, e.g. imported
 * public features), as input globs: replacing one such file re-runs the stage's Nx target, as it
 * re-keys that video in the runner. Folders, not files, keep the input list short at 10k videos.
 * Empty while the dataset manifest does not exist yet (the runner's preflight reports that).
 */
function externalFileInputs(files: string[], root: string): string[] {
  const dirs = new Set(files.map((f) => dirname(f)));
  return [...dirs]
    .flatMap((d) => inWorkspace(root, d) ?? [])
    .sort()
    .map((d) => `${d}/**/*`);
}

function manifestOutput(p: Pipeline, stage: string, root: string): string[] {
  const output = inWorkspace(root, join(p.storeDir, 'manifests', p.name, `${stage}.json`));
  return output ? [output] : [];
}

async function registryFor(opts: PipelinePluginOptions | undefined, root: string): Promise<StageRegistry> {
  if (!opts?.registryModule) return STAGES;
  // require, not import(): under the tsx CommonJS hook that loaded this plugin, .ts modules resolve.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(resolve(root, opts.registryModule));
  return (mod.stages ?? mod.default?.stages) as StageRegistry;
}

/**
 * The plugin (Nx 24: `createNodes`; `createNodesV2` is the same tuple for older readers). An
 * invalid pipeline file becomes a warning, not a broken graph for every other project.
 */
export const createNodes: CreateNodes<PipelinePluginOptions> = [
  PIPELINE_GLOB,
  async (files, options, context: CreateNodesContext) => {
    const registry = await registryFor(options, context.workspaceRoot);
    const out: Array<readonly [string, CreateNodesResult]> = [];
    for (const f of files) {
      try {
        out.push([f, createPipelineProjects(f, context.workspaceRoot, registry, options?.targetName)] as const);
      } catch (e) {
        process.stderr.write(`wsstad nx plugin: skipping ${f}: ${(e as Error).message.split('\n')[0]}\n`);
      }
    }
    return out;
  },
];
export const createNodesV2 = createNodes;
export const name = 'wsstad-pipelines';

/**
 * Stages affected by a change, computed like `nx affected` would with per-stage inputs: stages
 * whose fingerprint changed between two versions of the pipeline file, or whose package sources
 * include a changed file, plus every stage downstream of them.
 */
export function affectedStages(
  before: Pipeline,
  after: Pipeline,
  changedFiles: string[] = [],
  workspaceRoot?: string,
): string[] {
  const direct = new Set<string>();
  const dirs = workspaceRoot ? workspacePackages(workspaceRoot) : {};
  for (const s of after.stages) {
    const old = before.stages.find((x) => x.name === s.name);
    if (!old || stageFingerprint(before, s.name) !== stageFingerprint(after, s.name)) direct.add(s.name);
    if (workspaceRoot && changedFiles.length) {
      const roots = packageClosure(s.def.package, dirs).map(
        (n) => relative(workspaceRoot, join(dirs[n]!, 'src')).split('\\').join('/') + '/',
      );
      if (changedFiles.some((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && roots.some((r) => f.startsWith(r))))
        direct.add(s.name);
    }
  }
  const out = new Set(direct);
  for (const s of after.stages) if (s.inputs.some((b) => out.has(b.fromStage))) out.add(s.name);
  return after.stages.map((s) => s.name).filter((n) => out.has(n));
}
