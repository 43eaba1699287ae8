import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ConfigError } from './errors';

/**
 * glibc malloc settings the command runs under (issue 19). Training and scoring allocate tens of MB per call
 * (padded batches, dropout masks, onnxruntime's output copies: ~150 MB per iteration at D = 512). By default
 * glibc serves every block above its dynamic mmap threshold with a fresh mmap and unmaps it on free, so each call
 * page-faults its buffers in again; in a VM (cloud machines, CI runners, this project's firecracker sandbox) those
 * faults cost more than the copies themselves. A 32 MiB mmap threshold (glibc's maximum) keeps such blocks in the
 * heap and a 1 GiB trim threshold keeps up to 1 GiB of freed heap for reuse instead of returning it. Measured: one
 * D = 512 training iteration 1.11 -> 0.73 s (mgpr-trainer README, Benchmarks). The `wsstad` command relaunches
 * itself with them (wantsAllocatorRelaunch); a program embedding the packages sets GLIBC_TUNABLES itself.
 */
export const ALLOCATOR_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824';

/** Set to 'system' to run under glibc's defaults (no relaunch). */
export const ALLOCATOR_ENV = 'WSSTAD_ALLOCATOR';

/** 'glibc' when this Node runs on glibc (process.report's runtime glibc version; ~9 ms), else 'other' (musl, ...). */
export function currentLibc(): 'glibc' | 'other' {
  if (process.platform !== 'linux') return 'other';
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'other';
}

/**
 * Whether this process should relaunch itself with ALLOCATOR_TUNABLES: only on Linux with glibc (glibc reads
 * GLIBC_TUNABLES at start-up, so it cannot be applied to a running process; musl ignores it), never when the user set
 * GLIBC_TUNABLES (theirs wins) or WSSTAD_ALLOCATOR=system.
 */
export function wantsAllocatorRelaunch(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  libc: 'glibc' | 'other' = currentLibc(),
): boolean {
  if (platform !== 'linux' || libc !== 'glibc') return false;
  if (env.GLIBC_TUNABLES !== undefined) return false;
  const mode = env[ALLOCATOR_ENV];
  if (mode === 'system') return false;
  if (mode !== undefined && mode !== 'tuned')
    throw new ConfigError(`${ALLOCATOR_ENV} must be 'tuned' or 'system', got '${mode}'`, {
      hint: `e.g. ${ALLOCATOR_ENV}=system to keep glibc's default malloc settings`,
    });
  return true;
}

/**
 * Runs this very command again (same Node, same loader flags, same arguments) with GLIBC_TUNABLES set and resolves to
 * its exit code. `entry` is the script to start (default: the one this process started with; the wsstad bin passes its
 * bundle so the relaunch skips the launcher). SIGINT, SIGTERM and SIGHUP are passed to the child; a run killed
 * mid-stage resumes from its stored videos.
 */
export function relaunchWithAllocatorTunables(entry: string = process.argv[1]!): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: ALLOCATOR_TUNABLES },
  });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      // A child killed by a signal (also SIGKILL, e.g. the OOM killer): exit as a shell reports it, 128 + its number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
