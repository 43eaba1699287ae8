import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Libraries only stage packages may load: importing the engine must not pull any of them in. */
const ML =
  /(^|[\\/])(@tensorflow[\\/]|onnxruntime-node|onnxruntime-common|@techstark[\\/]opencv-js|opencv|sharp)([\\/]|$)/;
/** The stage and data packages the app wires in (the engine names none). */
const STAGES = 'detector|tube-linker|c3d-features|mgpr-trainer|relationship-module|evaluator|video|cli';
const STAGE_PACKAGES = new RegExp(`^@wsstad/(${STAGES})$`);
const STAGE_FILES = new RegExp(`packages[\\\\/](${STAGES})[\\\\/]`);

/**
 * Imports the engine's public entry in a fresh Node process (so nothing a test loaded before
 * counts) with a Module._load hook recording every module request, then lists require.cache.
 */
function loadEngineFresh(): { requests: string[]; files: string[] } {
  const entry = join(__dirname, 'index.ts');
  const script = [
    "const Module = require('node:module');",
    'const seen = new Set();',
    'const load = Module._load;',
    'Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };',
    `const engine = require(${JSON.stringify(entry)});`,
    "if (typeof engine.plan !== 'function') throw new Error('engine entry not loaded');",
    'process.stdout.write(JSON.stringify({ requests: [...seen], files: Object.keys(require.cache) }));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: __dirname });
  return JSON.parse(out) as { requests: string[]; files: string[] };
}

describe('the engine loads no ML library', () => {
  it('importing @wsstad/pipeline loads core and yaml; no tfjs, onnxruntime, OpenCV, sharp or stage package', () => {
    const { requests, files } = loadEngineFresh();
    // The hook saw the engine's real dependencies: an empty record cannot pass for a clean one.
    expect(requests).toEqual(expect.arrayContaining(['@wsstad/core', 'yaml']));
    expect(files.some((f) => f.endsWith(join('pipeline', 'src', 'plan.ts')))).toBe(true);
    expect(requests.filter((r) => ML.test(r) || STAGE_PACKAGES.test(r))).toEqual([]);
    expect(files.filter((f) => ML.test(f) || STAGE_FILES.test(f))).toEqual([]);
  });

  it('the check sees an ML library when one is loaded', () => {
    const script = "require('onnxruntime-common'); process.stdout.write(JSON.stringify(Object.keys(require.cache)));";
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: __dirname });
    const files = JSON.parse(out) as string[];
    expect(files.filter((f) => ML.test(f)).length).toBeGreaterThan(0);
  });
});
