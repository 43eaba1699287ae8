/**
 * Store overhead: per-video bookkeeping (keys, hashing, objects, key files, manifest) with
 * 10,000 tiny videos and a stage that writes one tiny file; then the no-op rerun.
 * Run: npx tsx packages/pipeline/bench/store-overhead.ts [videos]
 * The last stdout line is the figures JSON read by the bench suite (tools/bench/run-all.ts).
 */
import { writeFileSync } from 'node:fs';
import type { VideoStage } from '@wsstad/core';
import { createStageRegistry } from '../src/registry';
import { runPipeline } from '../src/runner';
import { toyWorkspace } from '../src/__fixtures__/workspace';

const N = Number(process.argv[2] ?? 10000);
const noop: VideoStage<object> = {
  name: 'toy-src',
  package: '@toy/src',
  version: '1',
  scope: 'video',
  inputs: [],
  outputs: ['a'],
  doc: 'near no-op',
  normalizeParams: () => ({}),
  run: async (ctx) => writeFileSync(ctx.outputPath('a'), ctx.video.id),
};
const noop2: VideoStage<object> = {
  ...noop,
  name: 'toy-mid',
  package: '@toy/mid',
  inputs: ['a'],
  outputs: ['b'],
  run: async (ctx) => writeFileSync(ctx.outputPath('b'), ctx.video.id + '!'),
};

async function main(): Promise<void> {
  const ws = toyWorkspace(N);
  writeFileSync(
    ws.pipelineFile,
    'name: toy\ndataset: { manifest: data/manifest.json }\nstore: store\nstages:\n  - { name: src, ' +
      'uses: toy-src }\n  - { name: mid, uses: toy-mid }\n',
  );
  const o = { registry: createStageRegistry([noop, noop2] as never), codeVersion: ws.codeVersion, concurrency: 8 };
  let t = Date.now();
  const r1 = await runPipeline(ws.pipelineFile, o);
  const first = Date.now() - t;
  t = Date.now();
  const r2 = await runPipeline(ws.pipelineFile, o);
  const rerun = Date.now() - t;
  console.log(`videos: ${N}, stages: 2 (per-video, one tiny output each)`);
  console.log(
    `first run: ${first} ms total = ${((first / N / 2) * 1000).toFixed(0)} us per video per stage ` +
      `(computed ${r1.stages.map((s) => s.computed.length).join('+')})`,
  );
  console.log(
    `no-op rerun: ${rerun} ms total = ${((rerun / N / 2) * 1000).toFixed(0)} us per video per stage ` +
      `(reused ${r2.stages.map((s) => s.reused).join('+')})`,
  );
  const note = `${N} videos x 2 stages`;
  console.log(
    JSON.stringify({
      figures: [
        { name: 'first run', value: first, unit: 'ms', note },
        { name: 'first run per video per stage', value: +((first / N / 2) * 1000).toFixed(0), unit: 'us', note },
        { name: 'no-op rerun', value: rerun, unit: 'ms', note },
        { name: 'no-op rerun per video per stage', value: +((rerun / N / 2) * 1000).toFixed(0), unit: 'us', note },
      ],
    }),
  );
}
void main();
