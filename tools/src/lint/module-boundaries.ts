/**
 * Module-boundary lint for one Nx project (run by every project's `lint` target).
 * Rules, from tools/module-boundaries.json and the workspace layout:
 *  1. imports of another package go through its public entry (`@wsstad/x`), never `@wsstad/x/src/...`;
 *  2. relative imports never leave the package;
 *  3. the imported package's Nx tags must be allowed for this project's tags (depConstraints);
 *  4. every imported workspace package is declared in this package's package.json dependencies.
 * Same semantics as @nx/eslint-plugin's enforce-module-boundaries, without pulling ESLint into
 * the install (that plugin trails nx 24 by a major version).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, relative, dirname } from 'node:path';

interface Constraint {
  sourceTag: string;
  onlyDependOnLibsWithTags: string[];
}

const root = resolve(__dirname, '..', '..', '..');
const IMPORT_RE = new RegExp(
  [
    String.raw`(?:^|[^.\w])(?:import|export)\s[^'"${'`'}]*?from\s*['"]([^'"]+)['"]`,
    String.raw`(?:^|[^.\w])(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)`,
    String.raw`^\s*import\s+['"]([^'"]+)['"]`,
  ].join('|'),
  'gm',
);

function projects(): Map<string, { dir: string; tags: string[] }> {
  const m = new Map<string, { dir: string; tags: string[] }>();
  for (const base of ['packages']) {
    for (const name of readdirSync(join(root, base))) {
      const pj = join(root, base, name, 'project.json');
      if (existsSync(pj))
        m.set(`@wsstad/${name}`, {
          dir: join(root, base, name),
          tags: JSON.parse(readFileSync(pj, 'utf8')).tags ?? [],
        });
    }
  }
  return m;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' || f === 'dist' ? [] : files(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

export function lintProject(projectDir: string): string[] {
  const dir = resolve(root, projectDir);
  const all = projects();
  const rules: Constraint[] = JSON.parse(
    readFileSync(join(root, 'tools', 'module-boundaries.json'), 'utf8'),
  ).depConstraints;
  const tags: string[] = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')).tags ?? [];
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const declared = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ]);
  const allowedTags = new Set(
    rules.filter((r) => tags.includes(r.sourceTag)).flatMap((r) => r.onlyDependOnLibsWithTags),
  );
  const errors: string[] = [];
  for (const file of [...files(join(dir, 'src')), ...files(join(dir, 'bench'))]) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      const line = text.slice(0, m.index).split('\n').length;
      const where = `${rel}:${line}`;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(dir + '/') && target !== dir)
          errors.push(`${where}: relative import '${spec}' leaves the package; import the other package by name`);
        continue;
      }
      const wm = /^(@wsstad\/[a-z0-9-]+)(\/.*)?$/.exec(spec);
      if (!wm) continue;
      const [, name, deep] = wm;
      const target = all.get(name!);
      if (!target) {
        errors.push(`${where}: unknown workspace package '${name}'`);
        continue;
      }
      if (target.dir === dir) {
        // Benchmarks are consumers of the package's public entry, like any user; sources are not.
        if (!file.startsWith(join(dir, 'bench') + '/'))
          errors.push(`${where}: a package must not import itself by name ('${spec}')`);
        continue;
      }
      if (deep) errors.push(`${where}: deep import '${spec}': use the public entry '${name}'`);
      if (!target.tags.some((t) => allowedTags.has(t))) {
        errors.push(
          `${where}: '${name}' (tags ${target.tags.join(',')}) may not be imported by a project ` +
            `tagged ${tags.join(',')}; allowed: ${[...allowedTags].join(', ') || 'none'}`,
        );
      }
      if (!declared.has(name!) && !file.endsWith('.spec.ts'))
        errors.push(`${where}: '${name}' is not declared in ${relative(root, join(dir, 'package.json'))} dependencies`);
    }
  }
  return errors;
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: tsx tools/src/lint/module-boundaries.ts <projectRoot>');
    process.exit(2);
  }
  const errors = lintProject(target);
  for (const e of errors) console.error(e);
  if (errors.length) {
    console.error(`module-boundaries: ${errors.length} violation(s) in ${target}`);
    process.exit(1);
  }
  console.log(`module-boundaries: ${target} ok`);
}
