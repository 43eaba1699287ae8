import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError, sha256, type StageDefinition } from '@wsstad/core';
import type { CodeVersion, CodeVersionFn } from './types';

export interface CodeVersionOptions {
  /** Workspace root (holds package.json with "workspaces"); found upward from the cwd when omitted. */
  root?: string;
  /** Extra or overriding package name -> directory (tests point a toy package at a temp dir). */
  packageDirs?: Record<string, string>;
}

/** Find the npm-workspaces root upward from `from`; undefined outside a workspace. */
export function findWorkspaceRoot(from: string): string | undefined {
  let d = resolve(from);
  for (;;) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).workspaces) return d;
      } catch {
        /* not ours */
      }
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** Workspace package name -> absolute directory, from packages/* and tools. */
export function workspacePackages(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const dirs = existsSync(join(root, 'packages'))
    ? readdirSync(join(root, 'packages')).map((n) => join(root, 'packages', n))
    : [];
  for (const d of [...dirs, join(root, 'tools')]) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) out[JSON.parse(readFileSync(pj, 'utf8')).name] = d;
  }
  return out;
}

/**
 * Production source files of a package: src/**\/*.ts minus *.spec.ts and __fixtures__. This is
 * the same set the Nx plugin declares as the stage target's inputs, so Nx and the runner agree
 * on when a stage's code changed.
 */
export function productionFiles(pkgDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__fixtures__' && e.name !== 'node_modules') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) out.push(p);
    }
  };
  walk(join(pkgDir, 'src'));
  return out;
}

/** The package and its @wsstad/* (or other workspace) dependencies, transitively, sorted. */
export function packageClosure(name: string, dirs: Record<string, string>): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n) || !dirs[n]) return;
    seen.add(n);
    const pj = JSON.parse(readFileSync(join(dirs[n]!, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pj.dependencies, ...pj.peerDependencies })) visit(dep);
  };
  visit(name);
  return [...seen].sort();
}

/**
 * A code-version function: hash of the production sources of the stage's package and of its
 * workspace dependencies, plus the stage's `version`. A change in a helper module therefore
 * invalidates. Memoised per package closure for the life of the returned function (one run).
 */
export function createCodeVersioner(opts: CodeVersionOptions = {}): CodeVersionFn {
  const root = opts.root ?? findWorkspaceRoot(process.cwd()) ?? process.cwd();
  let dirs: Record<string, string> | undefined;
  const memo = new Map<string, Record<string, string>>();
  return (def: StageDefinition<unknown>): CodeVersion => {
    dirs ??= { ...workspacePackages(root), ...opts.packageDirs };
    if (!dirs[def.package]) {
      throw new ConfigError(`stage '${def.name}' names package '${def.package}', which is not a workspace package`, {
        hint: `known packages: ${Object.keys(dirs).sort().join(', ')}`,
      });
    }
    let files = memo.get(def.package);
    if (!files) {
      files = {};
      for (const pkg of packageClosure(def.package, dirs)) {
        for (const f of productionFiles(dirs[pkg]!))
          files[relative(root, f).split('\\').join('/')] = sha256(readFileSync(f));
      }
      memo.set(def.package, files);
    }
    const all = { ...files, [`version:${def.name}`]: sha256(def.version) };
    return { hash: sha256(JSON.stringify(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1)))), files: all };
  };
}
