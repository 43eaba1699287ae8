import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ALLOCATOR_TUNABLES, currentLibc, wantsAllocatorRelaunch } from './allocator';
import { ConfigError } from './errors';

const PROBE = join(__dirname, '__fixtures__', 'relaunch-probe.ts');
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.GLIBC_TUNABLES;
  delete env.WSSTAD_ALLOCATOR;
  return env;
};

describe('wantsAllocatorRelaunch', () => {
  it('relaunches on Linux unless the user set GLIBC_TUNABLES or chose the system allocator', () => {
    expect(wantsAllocatorRelaunch({}, 'linux')).toBe(true);
    expect(wantsAllocatorRelaunch({ WSSTAD_ALLOCATOR: 'tuned' }, 'linux')).toBe(true);
    expect(wantsAllocatorRelaunch({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux')).toBe(false);
    expect(wantsAllocatorRelaunch({ WSSTAD_ALLOCATOR: 'system' }, 'linux')).toBe(false);
    expect(wantsAllocatorRelaunch({}, 'darwin')).toBe(false);
    expect(wantsAllocatorRelaunch({}, 'win32')).toBe(false);
    expect(wantsAllocatorRelaunch({}, 'linux', 'other')).toBe(false); // musl ignores GLIBC_TUNABLES
    expect(wantsAllocatorRelaunch({}, 'linux', 'glibc')).toBe(true);
  });

  it('detects the C library this Node runs on', () => {
    expect(currentLibc()).toBe(process.platform === 'linux' ? 'glibc' : 'other'); // this project's machines: glibc
  });

  it('rejects an unknown WSSTAD_ALLOCATOR value, naming the allowed ones', () => {
    expect(() => wantsAllocatorRelaunch({ WSSTAD_ALLOCATOR: 'jemalloc' }, 'linux')).toThrow(ConfigError);
    expect(() => wantsAllocatorRelaunch({ WSSTAD_ALLOCATOR: 'jemalloc' }, 'linux')).toThrow(/'tuned' or 'system'/);
  });

  it('names only glibc malloc tunables that exist', () => {
    const names = ALLOCATOR_TUNABLES.split(':').map((kv) => kv.split('=')[0]);
    expect(names).toEqual(['glibc.malloc.mmap_threshold', 'glibc.malloc.trim_threshold']);
  });
});

describe('relaunchWithAllocatorTunables', () => {
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['--import', 'tsx', PROBE, 'report', 'x y'], { env, encoding: 'utf8' });

  it('reruns the same program and arguments with GLIBC_TUNABLES set and passes its exit code on', () => {
    if (process.platform !== 'linux') return;
    const r = run(cleanEnv());
    expect(r.stdout).toBe(`TUNABLES=${ALLOCATOR_TUNABLES} ARGS=report,x y\n`);
    expect(r.status).toBe(3);
  }, 30_000);

  it('leaves the process alone under WSSTAD_ALLOCATOR=system', () => {
    const r = run({ ...cleanEnv(), WSSTAD_ALLOCATOR: 'system' });
    expect(r.stdout).toBe('TUNABLES=undefined ARGS=report,x y\n');
  }, 30_000);

  it('passes SIGTERM to the relaunched process and exits as it did', async () => {
    if (process.platform !== 'linux') return;
    const parent = spawn(process.execPath, ['--import', 'tsx', PROBE, 'wait'], { env: cleanEnv() });
    await new Promise<void>((ready) => parent.stdout.once('data', () => ready()));
    parent.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => parent.on('exit', (c) => done(c)));
    expect(code).toBe(143);
  }, 30_000);

  it('reports a relaunched process killed outright (SIGKILL, as by the OOM killer) as 128 + 9', async () => {
    if (process.platform !== 'linux') return;
    const parent = spawn(process.execPath, ['--import', 'tsx', PROBE, 'wait'], { env: cleanEnv() });
    let out = '';
    const pid = await new Promise<number>((ready) =>
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /PID=(\d+)/.exec(out);
        if (m) ready(Number(m[1]));
      }),
    );
    expect(pid).not.toBe(parent.pid); // the relaunched child, not the parent
    process.kill(pid, 'SIGKILL');
    const code = await new Promise<number | null>((done) => parent.on('exit', (c) => done(c)));
    expect(code).toBe(137);
  }, 30_000);
});
