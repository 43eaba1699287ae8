import { fork } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { join } from 'node:path';

/**
 * argv: <stderr file> <outDir>. Starts a process-executor worker on a slow OpenCV.js stage, prints
 * its pid, and exits while the worker is busy (as a killed `wsstad run` would).
 */
const [errFile, outDir] = process.argv.slice(2) as [string, string];
const c = fork(join(__dirname, '..', 'worker.ts'), [join(__dirname, 'opencv-stages.ts')], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'ignore', openSync(errFile, 'w'), 'ipc'],
});
c.send({
  uses: 'cv-slow',
  params: {},
  video: { id: 'v1' },
  datasetDir: outDir,
  inputs: {},
  outDir,
  seed: 1,
  lineage: {},
});
process.stdout.write(`${c.pid}\n`);
const started = join(outDir, 'started');
setInterval(() => {
  if (existsSync(started)) process.exit(0);
}, 50); // the stage is busy now
