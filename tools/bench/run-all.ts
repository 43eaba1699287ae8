/**
 * The benchmark suite: runs every package's benchmark script as a child process (one failing
 * script does not hide the others), streams its output under a heading, records its wall time and
 * exit status, collects the figures it prints as its last stdout line (contract:
 * tools/src/bench/figures.ts) and ends with ONE markdown table of all figures. The README's
 * benchmark section (between `<!-- bench:begin -->` and `<!-- bench:end -->`) is generated from it.
 *   npm run bench                         # all, full size
 *   npm run bench -- tube                 # only scripts whose path contains 'tube'
 *   npm run bench -- --quick              # smaller arguments (about 1-2 minutes), smoke check
 *   npm run bench -- --json bench.json    # also write all runs and figures as JSON
 *   npm run bench -- --write-readme       # regenerate the README section (full suite only)
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { ALLOCATOR_TUNABLES, wantsAllocatorRelaunch } from '@wsstad/core';
import { BENCH_USAGE, parseBenchArgs } from '../src/bench/args';
import { parseFigures } from '../src/bench/figures';
import { formatTable, readmeSection, replaceBenchSection, type BenchRun } from '../src/bench/report';

const root = resolve(__dirname, '..', '..');

/** Every benchmark script with its full-size arguments and the smaller `--quick` ones. */
const SUITE: Array<{ script: string; args: string[]; quick: string[] }> = [
  { script: 'packages/core/bench/artifact-formats.ts', args: ['20000', '4096'], quick: ['2000', '1024'] },
  { script: 'packages/video/bench/render-decode.ts', args: [], quick: ['60', 'tiny'] },
  { script: 'packages/detector/bench/throughput.ts', args: [], quick: ['--frames', '40'] },
  { script: 'packages/tube-linker/bench/link-scaling.ts', args: [], quick: ['1400', '1'] },
  { script: 'packages/c3d-features/bench/features.ts', args: [], quick: ['--batches', '1'] },
  // Per-step rates of the weight-free backbone against OpenCV.js's own, on synthetic 'small' videos.
  { script: 'packages/c3d-features/bench/steps.ts', args: ['8', '3'], quick: ['2', '1'] },
  // The default training engine (onnxruntime) and tfjs-wasm, each against the PyTorch reference in the same run.
  {
    script: 'packages/mgpr-trainer/bench/step.ts',
    args: ['512', '60', '200', '32', '0', 'onnxruntime'],
    quick: ['64', '8', '40', '16', '0', 'onnxruntime'],
  },
  // The paper's D = 4096 (about 5 TFLOP per iteration): one timed iteration after one warm-up keeps it near 5 minutes
  // with both PyTorch references.
  {
    script: 'packages/mgpr-trainer/bench/step.ts',
    args: ['4096', '60', '200', '32', '0', 'onnxruntime', '1', '1'],
    quick: ['1024', '8', '40', '16', '0', 'onnxruntime', '1', '1'],
  },
  {
    script: 'packages/mgpr-trainer/bench/step.ts',
    args: ['512', '60', '200', '32', '0', 'tfjs'],
    quick: ['64', '8', '40', '16', '0', 'tfjs'],
  },
  { script: 'packages/pipeline/bench/store-overhead.ts', args: ['2000'], quick: ['200'] },
];

/**
 * Every script (and its PyTorch children) runs under the allocator settings the wsstad command would choose (core
 * wantsAllocatorRelaunch: a user's own GLIBC_TUNABLES wins, WSSTAD_ALLOCATOR=system keeps glibc's defaults).
 */
const CHILD_ENV: NodeJS.ProcessEnv = wantsAllocatorRelaunch(process.env, process.platform)
  ? { ...process.env, GLIBC_TUNABLES: ALLOCATOR_TUNABLES }
  : process.env;

function stageOf(script: string): string {
  return /^packages\/([^/]+)\//.exec(script)?.[1] ?? script.split('/')[0]!;
}

function runOne(script: string, args: string[]): Promise<BenchRun> {
  const command = ['npx tsx', script, ...args].join(' ');
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(root, script), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: CHILD_ENV,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    const finish = (status: number | null, signal: string | null, spawnError?: Error) => {
      const run: BenchRun = {
        stage: stageOf(script),
        script,
        args,
        command,
        status,
        signal,
        wallSeconds: (performance.now() - t0) / 1000,
        figures: [],
      };
      try {
        run.figures = parseFigures(stdout, script);
      } catch (e) {
        run.error = (e as Error).message;
      }
      if (spawnError) run.error = `could not start: ${spawnError.message}`;
      else if (status !== 0) {
        const why = run.error ? `; ${run.error}` : run.figures.length ? '; figures may be incomplete' : '';
        run.error = `${status === null ? `killed by ${signal}` : `exit ${status}`}${why}`;
      }
      done(run);
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(BENCH_USAGE);
    return;
  }
  const selected = SUITE.filter((s) => !args.filter || s.script.includes(args.filter));
  if (selected.length === 0) {
    console.error(
      `no benchmark script matches '${args.filter}'; scripts:\n  ${SUITE.map((s) => s.script).join('\n  ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const readme = join(root, 'README.md');
  if (args.writeReadme) {
    try {
      replaceBenchSection(readFileSync(readme, 'utf8'), '', 'README.md'); // markers checked before a long run
    } catch (e) {
      console.error((e as Error).message);
      process.exitCode = 2;
      return;
    }
  }
  const runs: BenchRun[] = [];
  for (const b of selected) {
    const a = args.quick ? b.quick : b.args;
    console.log(`\n## ${['npx tsx', b.script, ...a].join(' ')}\n`);
    const r = await runOne(b.script, a);
    console.log(
      `(${r.wallSeconds.toFixed(0)} ` +
        `s, ${r.status === null ? `killed by ${r.signal}` : `exit ${r.status}`}, ${r.figures.length} ` +
        `figures${r.error ? `; ${r.error}` : ''})`,
    );
    runs.push(r);
  }

  const cpu = cpus();
  const info = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    node: process.version,
    command:
      process.env.npm_lifecycle_event === 'bench'
        ? ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')
        : ['npx tsx tools/bench/run-all.ts', ...process.argv.slice(2)].join(' '),
  };
  const failed = runs.filter((r) => r.error);
  console.log(`\n## Figures${args.quick ? ' (--quick: smaller arguments, not comparable with the README)' : ''}\n`);
  console.log(formatTable(runs));
  console.log(
    `\n${runs.length} scripts, ${failed.length} ` +
      `failed, ${runs.reduce((s, r) => s + r.wallSeconds, 0).toFixed(0)} s in all; ${info.cpu} ` +
      `(${info.cores} cores), node ${info.node}.`,
  );

  if (args.json) {
    writeFileSync(
      resolve(process.cwd(), args.json),
      JSON.stringify({ ...info, quick: args.quick, filter: args.filter ?? null, runs }, null, 2) + '\n',
    );
    console.log(`wrote ${args.json}`);
  }
  if (args.writeReadme) {
    if (failed.length) {
      console.error(
        `README not written: ${failed.length} script(s) failed (${failed.map((r) => r.script).join(', ')})`,
      );
    } else {
      writeFileSync(readme, replaceBenchSection(readFileSync(readme, 'utf8'), readmeSection(runs, info), 'README.md'));
      console.log('wrote the benchmark section of README.md');
    }
  }
  process.exitCode = failed.length ? 1 : 0;
}

void main();
