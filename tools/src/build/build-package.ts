/**
 * Build one package: transpile src/**.ts (not specs) to CommonJS in dist/ with swc, one file at a
 * time (no cross-package type graph; type checking is the lint target's job), so Nx can cache
 * dist/ per package. Runtime use in this repo goes through tsx on the sources; dist/ is what a
 * published package would ship.
 */
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts') ? [p] : [];
  });
}

const pkgDir = resolve(process.argv[2] ?? '.');
const src = join(pkgDir, 'src');
const out = join(pkgDir, 'dist');
rmSync(out, { recursive: true, force: true });
let n = 0;
for (const file of sources(src)) {
  const { code } = transformFileSync(file, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: false,
  });
  const dest = join(out, relative(src, file)).replace(/\.ts$/, '.js');
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, code);
  n++;
}
console.log(`built ${n} files -> ${relative(process.cwd(), out)}`);
