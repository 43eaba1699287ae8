/**
 * Demo: the full infer -> evaluate -> report path on fixture artifacts with a FAKE model (a fixed
 * function of the feature), to show the report's layout. Not a result of the method.
 *   npx tsx packages/evaluator/bench/demo-report.ts [outDir]
 * Prints the time of each step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '@wsstad/core';
import { createFakeModel } from '../src/testing/fixtures';
import { readFixtureGroundTruth, runFixtureInference } from '../src/testing/pipeline';
import { evaluateToDir } from '../src/evaluate/stage';
import { normalizeEvalConfig } from '../src/config';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-demo-'));
  const out = resolve(process.argv[2] ?? join(dir, 'report'));
  let t = performance.now();
  const { inputs } = await runFixtureInference(dir, createFakeModel(), { abnormal: 8, normal: 8 });
  console.log(`infer: ${inputs.length} videos in ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const r = await evaluateToDir(inputs, dir, out, normalizeEvalConfig({ reportVideos: 6 }), {
    readGroundTruth: readFixtureGroundTruth,
    decodeFrames: false,
    log: createLogger({ level: 'warn' }),
    title: 'WSSTAD report (demo)',
    banner: 'FAKE model on fixture artifacts (16 synthetic videos, no real frames): layout demo only, not a result.',
  });
  console.log(
    `evaluate + report: ${(performance.now() - t).toFixed(0)} ms; VAUC ${(100 * r.rows[0]!.vauc!).toFixed(2)}`,
  );
  console.log(`report: ${join(out, 'report.html')}`);
}

void main();
