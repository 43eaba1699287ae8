import { createLogger } from '@wsstad/core';
import { runPipeline, type RunOptions } from '../runner';
import { mergeShards } from '../shards';
import { stages } from './toy-stages';
import { toyCodeVersion } from './workspace';

/**
 * Child-process entry for tests that need a separate OS process (SIGKILL, concurrent runs,
 * shards): argv = pipeline file, JSON run options. Prints one JSON line with the result.
 */
async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const o = JSON.parse(json ?? '{}') as RunOptions & { merge?: boolean };
  const common = { registry: stages, codeVersion: toyCodeVersion({}), log: createLogger({ level: 'info' }) };
  if (o.merge) {
    const r = await mergeShards(file!, common);
    process.stdout.write(JSON.stringify({ ok: true, merged: r.stages }) + '\n');
    return;
  }
  const r = await runPipeline(file!, { ...o, ...common });
  process.stdout.write(
    JSON.stringify({ ok: r.ok, computed: Object.fromEntries(r.stages.map((s) => [s.stage, s.computed])) }) + '\n',
  );
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ ok: false, error: (e as Error).message, name: (e as Error).name }) + '\n');
  process.exitCode = 1;
});
