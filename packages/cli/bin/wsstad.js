#!/usr/bin/env node
// Runs the TypeScript sources through tsx so a fresh clone needs no build step.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const tsx = require.resolve('tsx/cli');
const r = spawnSync(process.execPath, [tsx, path.join(__dirname, '..', 'src', 'bin.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
