/**
 * Line-length lint for the whole repository (run by `npm run format:check`, after Prettier).
 * Prettier wraps code at printWidth 120 but cannot break string literals, template literals or
 * comments, so this check catches what it leaves behind. Every git-tracked text file is checked
 * except generated outputs (their writers own the layout), markdown and binaries. The one
 * exemption is a line holding a URL: splitting a URL breaks copy-paste and link detection.
 * Length is counted in characters (code points), not bytes, so `≤` or `σ` count as one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MAX_LINE = 120;

const root = resolve(__dirname, '..', '..', '..');

/** Paths never checked: markdown, images, the npm lock file and generated outputs. */
const EXCLUDED: RegExp[] = [
  /\.md$/,
  /\.png$/,
  /(^|\/)package-lock\.json$/,
  /^docs\//,
  /^pipelines\/pipeline\.schema\.json$/,
  /(^|\/)locks\//,
];
const URL_RE = /https?:\/\//;

export function isExcluded(path: string): boolean {
  return EXCLUDED.some((re) => re.test(path));
}

/** `file:line: N characters (max 120)` for each over-long line of `text` (empty when none). */
export function checkText(path: string, text: string, max = MAX_LINE): string[] {
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const n = [...line].length;
    if (n > max && !URL_RE.test(line)) errors.push(`${path}:${i + 1}: ${n} characters (max ${max})`);
  });
  return errors;
}

/** Git-tracked files of the repository at `dir`, relative to it. */
export function trackedFiles(dir: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\0').filter(Boolean);
}

export function lintLineLength(dir: string = root, max = MAX_LINE): string[] {
  const errors: string[] = [];
  for (const file of trackedFiles(dir)) {
    if (isExcluded(file)) continue;
    let buf: Buffer;
    try {
      buf = readFileSync(join(dir, file));
    } catch {
      continue; // tracked but deleted in the working tree: git status reports it, not this lint
    }
    if (buf.includes(0)) continue; // binary
    errors.push(...checkText(file, buf.toString('utf8'), max));
  }
  return errors;
}

if (require.main === module) {
  const errors = lintLineLength(process.argv[2] ? resolve(process.argv[2]) : root);
  for (const e of errors) console.error(e);
  if (errors.length) {
    console.error(`line-length: ${errors.length} line(s) over ${MAX_LINE} characters`);
    process.exit(1);
  }
}
