/**
 * Runs every package's benchmark script in sequence and prints their figures under one heading
 * each (the README's benchmark section is copied from this output). Scripts run as child
 * processes so one failing benchmark does not hide the others.
 *   npm run bench            # all
 *   npm run bench -- tube    # only scripts whose path contains 'tube'
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const SUITE: Array<{ script: string; args: string[] }> = [
  { script: 'packages/core/bench/artifact-formats.ts', args: ['20000', '4096'] },
  { script: 'packages/video/bench/render-decode.ts', args: [] },
  { script: 'packages/detector/bench/throughput.ts', args: [] },
  { script: 'packages/tube-linker/bench/link-scaling.ts', args: [] },
  { script: 'packages/c3d-features/bench/features.ts', args: [] },
  { script: 'packages/mgpr-trainer/bench/step.ts', args: ['512', '60', '200', '32'] },
  { script: 'packages/pipeline/bench/store-overhead.ts', args: ['2000'] },
];
const filter = process.argv[2];
let failed = 0;
for (const b of SUITE.filter((s) => !filter || s.script.includes(filter))) {
  console.log(`\n## ${b.script} ${b.args.join(' ')}\n`);
  const t = Date.now();
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(root, b.script), ...b.args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`(${((Date.now() - t) / 1000).toFixed(0)} s, exit ${r.status})`);
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
