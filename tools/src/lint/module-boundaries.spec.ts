import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { lintProject } from './module-boundaries';

const root = resolve(__dirname, '..', '..', '..');

/** A throwaway project under packages/ (the lint resolves tags from the real workspace). */
function fakeProject(tags: string[], deps: string[], source: string): string {
  const dir = mkdtempSync(join(root, 'packages', 'zz-lint-test-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ tags }));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) }),
  );
  writeFileSync(join(dir, 'src', 'index.ts'), source);
  return dir;
}

describe('module-boundaries lint', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const lint = (tags: string[], deps: string[], src: string) => {
    const d = fakeProject(tags, deps, src);
    made.push(d);
    return lintProject(relative(root, d));
  };

  it('accepts a stage importing core through its entry', () => {
    expect(lint(['type:stage'], ['@wsstad/core'], "import { iou } from '@wsstad/core';\n")).toEqual([]);
  });
  it('rejects a stage importing another stage', () => {
    const e = lint(['type:stage'], ['@wsstad/detector'], "import { x } from '@wsstad/detector';\n");
    expect(e.join('\n')).toMatch(
      /'@wsstad\/detector' \(tags type:stage\) may not be imported by a project tagged type:stage/,
    );
  });
  it('rejects deep imports, undeclared deps and relative escapes', () => {
    // Built by concatenation so this spec does not trip the lint it tests.
    const q = "'";
    const e = lint(
      ['type:app'],
      [],
      `import { a } from ${q}@wsstad/core/src/geometry${q};\nimport b from ${q}../../core/src/hash${q};\n`,
    ).join('\n');
    expect(e).toMatch(/deep import '@wsstad\/core\/src\/geometry'/);
    expect(e).toMatch(/not declared/);
    expect(e).toMatch(/relative import '..\/..\/core\/src\/hash' leaves the package/);
  });
  it('keeps the engine (type:pipeline) on core only: no stage, model or video package', () => {
    expect(lint(['type:pipeline'], ['@wsstad/core'], "import { hashJson } from '@wsstad/core';\n")).toEqual([]);
    for (const pkg of ['@wsstad/detector', '@wsstad/mgpr-trainer', '@wsstad/video']) {
      const e = lint(['type:pipeline'], [pkg], `import { x } from '${pkg}';\n`).join('\n');
      expect(e).toMatch(/may not be imported by a project tagged type:pipeline; allowed: scope:core$/m);
    }
  });
  it('rejects core depending on anything', () => {
    expect(lint(['scope:core'], ['@wsstad/video'], "const v = require('@wsstad/video');\n").join('\n')).toMatch(
      /may not be imported/,
    );
  });
});
