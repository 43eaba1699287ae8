'use strict';
/**
 * The built `wsstad` bin: the CLI and the workspace packages bundled by esbuild (installed with tsx)
 * into packages/cli/dist/wsstad.cjs, third-party packages left to node_modules. Node then starts it
 * without transpiling anything. The bundle carries a fingerprint of the workspace sources it was
 * built from (content hashes, not dates); a source edit makes it stale, and the next call rebuilds it
 * (about a second) before running. Stage modules that fork workers or locate files next to their
 * own source keep their real `__dirname` (rewritten per file), so the process executor still forks
 * packages/pipeline/src/worker.ts through tsx.
 */
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');

const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(__dirname, '..', 'dist');
const OUT = join(DIST, 'wsstad.cjs');
const STAMP = join(DIST, 'wsstad.fingerprint');

function sources() {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__fixtures__' && e.name !== 'node_modules') walk(p);
      } else if (e.isFile() && /\.(ts|json)$/.test(e.name) && !e.name.endsWith('.spec.ts')) files.push(p);
    }
  };
  const pk = join(ROOT, 'packages');
  for (const d of readdirSync(pk).sort()) {
    if (existsSync(join(pk, d, 'src'))) walk(join(pk, d, 'src'));
    if (existsSync(join(pk, d, 'package.json'))) files.push(join(pk, d, 'package.json'));
  }
  return files.sort();
}

/** sha256 over (relative path, content) of every workspace production source. */
function fingerprint() {
  const h = createHash('sha256');
  for (const f of sources())
    h.update(relative(ROOT, f).split(sep).join('/')).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

function build(fp) {
  const esbuild = require('esbuild');
  const dirnamePlugin = {
    name: 'workspace-dirname',
    setup(b) {
      // Third-party packages stay in node_modules; only @wsstad/* and relative sources are bundled.
      b.onResolve({ filter: /^[^./]/ }, (a) =>
        a.path.startsWith('@wsstad/') || a.path.startsWith('node:') ? undefined : { path: a.path, external: true },
      );
      b.onLoad({ filter: /packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (a) => {
        let text = readFileSync(a.path, 'utf8');
        if (/\b__dirname\b/.test(text)) {
          const rel = JSON.stringify(relative(DIST, dirname(a.path)).split(sep).join('/'));
          text =
            `const __wsstadDirname = require('node:path').join(__dirname, ${rel});\n` +
            text.replace(/\b__dirname\b/g, '__wsstadDirname');
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
  mkdirSync(DIST, { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  return esbuild
    .build({
      entryPoints: [join(__dirname, '..', 'src', 'bin.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: tmp,
      plugins: [dirnamePlugin],
      logLevel: 'error',
      sourcemap: false,
    })
    .then(() => {
      renameSync(tmp, OUT);
      writeFileSync(STAMP, fp);
    });
}

/** Path of an up-to-date bundle, building it first when missing or stale. */
async function ensureBuilt({ quiet = false } = {}) {
  const fp = fingerprint();
  if (existsSync(OUT) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === fp) return OUT;
  if (!quiet) process.stderr.write('wsstad: building the command (sources changed since the last build)...\n');
  await build(fp);
  return OUT;
}

module.exports = { ensureBuilt, fingerprint, OUT };

if (require.main === module) {
  const t = Date.now();
  ensureBuilt({ quiet: true }).then(
    (p) => console.log(`built ${relative(process.cwd(), p)} in ${Date.now() - t} ms`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
