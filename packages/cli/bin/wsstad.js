#!/usr/bin/env node
// Starts the built bundle (packages/cli/dist/wsstad.cjs, rebuilt by scripts/fast-bin.js when the
// workspace sources changed), so a call does not transpile TypeScript. Without esbuild (it comes
// with tsx) it falls back to running the sources through tsx.
const path = require('node:path');
let fast;
try {
  fast = require(path.join(__dirname, '..', 'scripts', 'fast-bin.js'));
} catch {
  fast = null;
}
function viaTsx() {
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, '..', 'src', 'bin.ts'), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}
if (!fast || process.env.WSSTAD_TSX) viaTsx();
else {
  fast.ensureBuilt().then(
    (bundle) => require(bundle),
    (e) => {
      process.stderr.write(
        `wsstad: could not build the command bundle (${e && e.message ? e.message.split('\n')[0] : e}); ` +
          `running the sources through tsx\n`,
      );
      viaTsx();
    },
  );
}
