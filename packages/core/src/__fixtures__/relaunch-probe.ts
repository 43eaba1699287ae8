// Test fixture for allocator.spec.ts: relaunches itself like the wsstad bin, then reports what the relaunched
// process saw. argv: 'report' (print and exit 3) | 'wait' (print, then wait to be killed).
import { relaunchWithAllocatorTunables, wantsAllocatorRelaunch } from '../allocator';

if (wantsAllocatorRelaunch(process.env, process.platform)) {
  void relaunchWithAllocatorTunables().then((code) => {
    process.exitCode = code;
  });
} else {
  process.stdout.write(`TUNABLES=${process.env.GLIBC_TUNABLES} ARGS=${process.argv.slice(2).join(',')}\n`);
  if (process.argv[2] === 'wait') {
    process.stdout.write(`PID=${process.pid}\n`);
    setInterval(() => undefined, 1000);
  } else process.exitCode = 3;
}
