/**
 * Sum the per-project Jest JSON results (written by every `test` target, restored by Nx from its
 * cache when a project is unchanged) into one closing line: "tests: N passed, M failed".
 * Exits non-zero when any test failed or no test ran at all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(__dirname, '..', '..', '..', '.jest-results');
let passed = 0,
  failed = 0,
  skipped = 0;
const perProject: string[] = [];
for (const f of existsSync(dir)
  ? readdirSync(dir)
      .filter((x) => x.endsWith('.json'))
      .sort()
  : []) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  perProject.push(
    `${f.replace(/\.json$/, '').padEnd(22)} ${String(r.numPassedTests).padStart(4)} ` +
      `passed ${String(r.numFailedTests).padStart(3)} failed`,
  );
}
console.log(perProject.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0) process.exit(1);
