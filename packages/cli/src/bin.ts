import { relaunchWithAllocatorTunables, wantsAllocatorRelaunch } from '@wsstad/core';
import { runCli } from './app';
import { processIO } from './io';

/**
 * Commands that allocate large buffers (detection, features, training, scoring) and so start under core's allocator
 * settings; the others (status, models, inspect, help, ...) skip the second process start (~0.3-0.4 s).
 */
const HEAVY_COMMANDS = new Set([
  'run',
  'detect',
  'link',
  'features',
  'train',
  'infer',
  'eval',
  'experiment',
  'diagnose',
]);

const args = process.argv.slice(2);
const heavy = HEAVY_COMMANDS.has(args[0] ?? '') && !args.some((a) => a === '--help' || a === '-h');
let relaunch = false;
try {
  relaunch = heavy && wantsAllocatorRelaunch(process.env, process.platform);
} catch (e) {
  process.stderr.write(`wsstad: ${(e as Error).message}\n`);
  process.exit(2);
}
// `__filename` is this entry (bin.ts under tsx, or the built bundle), so the relaunch skips the launcher script.
(relaunch ? relaunchWithAllocatorTunables(__filename) : runCli(args, processIO)).then((code) => {
  process.exitCode = code;
});
