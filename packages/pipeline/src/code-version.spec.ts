import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodeVersioner } from './code-version';
import { srcStage } from './__fixtures__/toy-stages';

function fakeWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'wsstad-cv-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'root', workspaces: ['packages/*'] }));
  const pkg = (name: string, dir: string, deps: Record<string, string>, files: Record<string, string>) => {
    mkdirSync(join(root, 'packages', dir, 'src'), { recursive: true });
    writeFileSync(join(root, 'packages', dir, 'package.json'), JSON.stringify({ name, dependencies: deps }));
    for (const [f, t] of Object.entries(files)) writeFileSync(join(root, 'packages', dir, 'src', f), t);
  };
  pkg(
    '@toy/src',
    'src-pkg',
    { '@toy/helper': '0.1.0', yaml: '2' },
    { 'index.ts': 'export const a = 1;', 'index.spec.ts': 'test' },
  );
  pkg('@toy/helper', 'helper', {}, { 'util.ts': 'export const h = 1;' });
  return root;
}

describe('createCodeVersioner', () => {
  it('hashes production sources of the package and its workspace deps, not specs', () => {
    const root = fakeWorkspace();
    const v0 = createCodeVersioner({ root })(srcStage as never);
    expect(Object.keys(v0.files).sort()).toEqual([
      'packages/helper/src/util.ts',
      'packages/src-pkg/src/index.ts',
      'version:toy-src',
    ]);
    writeFileSync(join(root, 'packages', 'src-pkg', 'src', 'index.spec.ts'), 'changed test');
    expect(createCodeVersioner({ root })(srcStage as never).hash).toBe(v0.hash);
    writeFileSync(join(root, 'packages', 'helper', 'src', 'util.ts'), 'export const h = 2;');
    const v1 = createCodeVersioner({ root })(srcStage as never);
    expect(v1.hash).not.toBe(v0.hash);
    expect(createCodeVersioner({ root })({ ...srcStage, version: '2' } as never).hash).not.toBe(v1.hash);
  });

  it('names the known packages when a stage names an unknown one', () => {
    expect(() =>
      createCodeVersioner({ root: fakeWorkspace() })({ ...srcStage, package: '@toy/nope' } as never),
    ).toThrow(/not a workspace package.*known packages: @toy\/helper, @toy\/src/s);
  });
});
