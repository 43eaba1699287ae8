/**
 * Which schema library for config validation (issue 17)? Installs each candidate into its own
 * scratch folder with npm, then measures install size, cold import time (a fresh node process),
 * validation throughput on a realistic detect config and on the whole default pipeline.yaml, and
 * whether JSON Schema comes out. Figures are in the README (Config validation).
 *
 *   npx tsx tools/bench/config-schema.ts [--dir /tmp/wsstad-schema-bench] [--iters 20000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CANDIDATES, type Candidate } from './config-schema-candidates';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const DIR = resolve(arg('dir', '/tmp/wsstad-schema-bench'));
const ITERS = Number(arg('iters', '20000'));
const ROOT = resolve(__dirname, '../..');

function install(c: Candidate): string {
  const dir = join(DIR, c.id);
  if (!existsSync(join(dir, 'node_modules'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bench-${c.id}`, private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...c.packages], { cwd: dir });
  }
  return dir;
}

function sizeKb(dir: string): number {
  return Number(
    execFileSync('du', ['-sk', join(dir, 'node_modules')])
      .toString()
      .split('\t')[0],
  );
}

/** Median of 5 fresh `node` processes timing require() of the library's entry. */
function coldImportMs(dir: string, entry: string): number {
  const code =
    `const t=process.hrtime.bigint();require(${JSON.stringify(entry)});` +
    'console.log(Number(process.hrtime.bigint()-t)/1e6)';
  const runs = Array.from({ length: 5 }, () => Number(execFileSync('node', ['-e', code], { cwd: dir }).toString()));
  return runs.sort((a, b) => a - b)[2]!;
}

/** Microseconds per validation, after a warm-up. */
function usPer(fn: () => unknown): number {
  for (let i = 0; i < 1000; i++) fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < ITERS; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1e3 / ITERS;
}

const DETECT = {
  detector: {
    kind: 'background-subtraction',
    history: 200,
    varThreshold: 16,
    detectShadows: true,
    learningRate: 0.002,
    warmupFrames: 10,
    blur: 0,
    openKernel: 2,
    closeKernel: 3,
    minAreaFraction: 0.0015,
    minArea: 12,
    mergeDistance: -1,
    lightSwitchFraction: 0.5,
    relearnFrames: 5,
    relearnRate: 0.5,
    scoreAreaScale: 60,
    personAspect: 1.3,
    vehicleAspect: 1.25,
    vehicleAreaFraction: 0.03,
    ghostEdgeRatio: 1,
  },
  stride: 1,
};
const PIPELINE = parse(readFileSync(join(ROOT, 'pipelines/synthetic/pipeline.yaml'), 'utf8'));

const rows: string[] = [
  '| library | install (KB) | cold import (ms) | detect config (us) | pipeline.yaml (us) ' +
    '| bad value message | JSON Schema |',
  '|---|---|---|---|---|---|---|',
];
for (const c of CANDIDATES) {
  const dir = install(c);
  const req = createRequire(join(dir, 'package.json'));
  const lib = c.build(req);
  if (!lib.detect(DETECT) || !lib.pipeline(PIPELINE)) throw new Error(`${c.id}: the valid documents failed`);
  const bad = lib.message({ ...DETECT, detector: { ...DETECT.detector, detectShadows: 'false' } });
  const js = lib.jsonSchema();
  rows.push(
    `| ${c.label} | ${sizeKb(dir)} | ${coldImportMs(dir, c.entry).toFixed(1)} ` +
      `| ${usPer(() => lib.detect(DETECT)).toFixed(2)} | ${usPer(() => lib.pipeline(PIPELINE)).toFixed(2)} ` +
      `| ${bad.replace(/\|/g, '/').replace(/\n/g, ' ').slice(0, 80)} | ${js ? `yes (${js} B)` : 'no'} |`,
  );
}
console.log(rows.join('\n'));
