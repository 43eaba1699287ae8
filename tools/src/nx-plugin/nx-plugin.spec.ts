import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bindPipeline, createStageRegistry, parsePipelineYaml } from '@wsstad/pipeline';
import type { StageDefinition } from '@wsstad/core';
import { affectedStages, createPipelineProjects, stageProjectName } from './index';

const ROOT = resolve(__dirname, '../../..');
const toy = (name: string, pkg: string, inputs: string[], outputs: string[], scope: 'video' | 'dataset' = 'video') =>
  ({
    name,
    package: pkg,
    version: '1',
    scope,
    inputs,
    outputs,
    doc: name,
    normalizeParams: (r: unknown) => ({ k: 1, ...(r as object) }),
    run: async () => undefined,
  }) as unknown as StageDefinition<unknown>;
// Real workspace packages, so code inputs resolve to real source globs.
const registry = createStageRegistry([
  toy('t-a', '@wsstad/core', [], ['a']),
  toy('t-b', '@wsstad/pipeline', ['a'], ['b']),
  toy('t-c', '@wsstad/core', ['b'], ['c'], 'dataset'),
  toy('t-d', '@wsstad/core', ['a'], ['d']),
]);
const yaml = (bParams: string) =>
  `name: demo\ndataset: { manifest: m.json }\nstages:\n  - { name: a, uses: t-a }\n  - { name: b, uses: ` +
  `t-b, params: ${bParams} }\n  - { name: c, uses: t-c }\n  - { name: d, uses: t-d }\n`;

function workspace(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'wsstad-nx-'));
  mkdirSync(join(root, 'pipelines', 'demo'), { recursive: true });
  writeFileSync(join(root, 'pipelines', 'demo', 'pipeline.yaml'), text);
  writeFileSync(join(root, 'pipelines', 'demo', 'm.json'), '{"videos":[]}');
  for (const [dir, pj] of [
    ['core', { name: '@wsstad/core' }],
    ['pipeline', { name: '@wsstad/pipeline', dependencies: { '@wsstad/core': '0.1.0', yaml: '2' } }],
  ] as const) {
    mkdirSync(join(root, 'packages', dir), { recursive: true });
    writeFileSync(join(root, 'packages', dir, 'package.json'), JSON.stringify(pj));
  }
  return root;
}

describe('nx plugin', () => {
  it('creates one cached project per stage with params, code, dataset and upstream-manifest inputs', () => {
    const root = workspace(yaml('{ x: 1 }'));
    const { projects } = createPipelineProjects('pipelines/demo/pipeline.yaml', root, registry);
    const byName = Object.fromEntries(Object.values(projects!).map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(['a', 'b', 'c', 'd'].map((s) => stageProjectName('demo', s)));
    expect(byName['pipeline-demo-c']!.implicitDependencies).toEqual(['pipeline-demo-b']);
    const run = byName['pipeline-demo-b']!.targets!.run!;
    expect(run.cache).toBe(true);
    expect(run.options.command).toBe('tsx packages/cli/src/bin.ts run pipelines/demo --only b');
    expect(run.outputs).toEqual(['{workspaceRoot}/.wsstad/store/manifests/demo/b.json']);
    expect(run.inputs).toEqual(
      expect.arrayContaining([
        { runtime: expect.stringMatching(/^echo [0-9a-f]{32}$/) },
        '{workspaceRoot}/pipelines/demo/m.json',
        { dependentTasksOutputFiles: '**/*.json' },
      ]),
    );
    expect(run.inputs).toEqual(
      expect.arrayContaining([
        '{workspaceRoot}/packages/core/src/**/*.ts',
        '!{workspaceRoot}/packages/core/src/**/*.spec.ts',
        '{workspaceRoot}/packages/pipeline/src/**/*.ts',
      ]),
    );
    expect(byName['pipeline-demo-a']!.targets!.run!.inputs).not.toContain(
      '{workspaceRoot}/packages/pipeline/src/**/*.ts',
    );
  });

  it('adds the folders of per-video files a stage reads from outside the store (videoFiles) as inputs', () => {
    const ext = {
      ...toy('t-x', '@wsstad/core', [], ['x']),
      videoFiles: (_: unknown, v: { id: string; split: string }, dsDir: string) => [
        {
          name: 'feat',
          what: 'feature file',
          path: join(dsDir, 'feats', v.split === 'test' ? 'test' : 'train', `${v.id}.txt`),
        },
      ],
    } as unknown as StageDefinition<unknown>;
    const reg = createStageRegistry([ext, toy('t-a', '@wsstad/core', [], ['a'])]);
    const root = workspace(
      'name: demo\ndataset: { manifest: m.json }\nstages:\n  - { name: x, uses: t-x }\n  - { name: a, uses: t-a }\n',
    );
    const entry = (id: string, split: string) => ({ id, uri: `${id}.mp4`, split, label: 'normal', category: 'normal' });
    writeFileSync(
      join(root, 'pipelines', 'demo', 'm.json'),
      JSON.stringify({ videos: [entry('v1', 'train'), entry('v2', 'test'), entry('v3', 'train')] }),
    );
    const byName = Object.fromEntries(
      Object.values(createPipelineProjects('pipelines/demo/pipeline.yaml', root, reg).projects!).map((p) => [
        p.name,
        p,
      ]),
    );
    const globs = (n: string) =>
      (byName[n]!.targets!.run!.inputs as unknown[]).filter(
        (i): i is string => typeof i === 'string' && i.includes('/feats/'),
      );
    expect(globs('pipeline-demo-x')).toEqual([
      '{workspaceRoot}/pipelines/demo/feats/test/**/*',
      '{workspaceRoot}/pipelines/demo/feats/train/**/*',
    ]);
    expect(globs('pipeline-demo-a')).toEqual([]);
  });

  it('affected: a param change picks that stage and its dependents only; a code change picks its users', () => {
    const load = (t: string) =>
      bindPipeline(parsePipelineYaml(t, '/w/pipelines/demo/pipeline.yaml'), '/w/pipelines/demo/pipeline.yaml', {
        registry,
        root: '/w',
      });
    expect(affectedStages(load(yaml('{ x: 1 }')), load(yaml('{ x: 2 }')))).toEqual(['b', 'c']);
    // default made explicit: same normalised params
    expect(affectedStages(load(yaml('{ x: 1 }')), load(yaml('{ x: 1, k: 1 }')))).toEqual([]);
    const same = load(yaml('{ x: 1 }'));
    expect(affectedStages(same, same, ['packages/pipeline/src/runner.ts'], ROOT)).toEqual(['b', 'c']);
    expect(affectedStages(same, same, ['packages/pipeline/src/runner.spec.ts'], ROOT)).toEqual([]);
  });

  it('nx show projects lists the stage projects through the registered plugin', () => {
    const root = workspace(yaml('{ x: 1 }'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'w', private: true, workspaces: ['packages/*'] }));
    writeFileSync(
      join(root, 'reg.ts'),
      `export { stages } from ${JSON.stringify(join(__dirname, '__fixtures__', 'registry.ts'))};\n`,
    );
    writeFileSync(
      join(root, 'nx.json'),
      JSON.stringify({
        plugins: [{ plugin: join(__dirname, 'plugin.cjs'), options: { registryModule: 'reg.ts' } }],
        useDaemonProcess: false,
        neverConnectToCloud: true,
      }),
    );
    const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_ISOLATE_PLUGINS: 'false' },
      encoding: 'utf8',
    });
    expect(
      out
        .trim()
        .split('\n')
        .filter((n) => n.startsWith('pipeline-'))
        .sort(),
    ).toEqual(['pipeline-demo-a', 'pipeline-demo-b', 'pipeline-demo-c', 'pipeline-demo-d']);
  });
});
