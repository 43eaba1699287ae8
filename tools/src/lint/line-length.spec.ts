import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkText, isExcluded, lintLineLength } from './line-length';

/** A throwaway git repository holding `files` (tracked), so the lint sees them as the real one would. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'line-length-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['add', '.'], { cwd: dir });
  return dir;
}

describe('line-length lint', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const lint = (files: Record<string, string>) => {
    const d = repo(files);
    made.push(d);
    return lintLineLength(d);
  };

  it('flags a 121-character line and passes 120', () => {
    const e = lint({ 'a.ts': 'x'.repeat(120) + '\n' + 'y'.repeat(121) + '\n' });
    expect(e).toEqual(['a.ts:2: 121 characters (max 120)']);
  });
  it('counts characters, not bytes', () => {
    expect(checkText('a.ts', 'σ'.repeat(120))).toEqual([]);
    expect(checkText('a.ts', 'σ'.repeat(121))).toEqual(['a.ts:1: 121 characters (max 120)']);
  });
  it('exempts a line holding a URL', () => {
    expect(checkText('a.ts', `// see https://example.org/${'p'.repeat(120)}`)).toEqual([]);
    expect(checkText('a.ts', `// see example.org/${'p'.repeat(120)}`)).toHaveLength(1);
  });
  it('skips markdown, PNGs, package-lock.json and generated outputs', () => {
    const long = 'z'.repeat(200) + '\n';
    const e = lint({
      'README.md': long,
      'docs/x.ts': long,
      'pipelines/pipeline.schema.json': long,
      'pipelines/a/locks/l.json': long,
      'package-lock.json': long,
      'packages/p/src/ok.yaml': long,
    });
    expect(e).toEqual(['packages/p/src/ok.yaml:1: 200 characters (max 120)']);
    expect(isExcluded('x/locks/y.json')).toBe(true);
    expect(isExcluded('pipelines/a/pipeline.yaml')).toBe(false);
  });
  it('skips untracked and binary files', () => {
    const d = repo({ 'bin.dat': 'a\0' + 'b'.repeat(200) });
    made.push(d);
    writeFileSync(join(d, 'untracked.ts'), 'c'.repeat(200));
    expect(lintLineLength(d)).toEqual([]);
  });
});
