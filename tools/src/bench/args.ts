/** Command-line options of tools/bench/run-all.ts (plain argv; no dependency for four options). */
export interface BenchArgs {
  /** Run only scripts whose path contains this substring. */
  filter?: string;
  quick: boolean;
  /** Write every run and figure as JSON here. */
  json?: string;
  writeReadme: boolean;
  help: boolean;
}

export const BENCH_USAGE = `Usage: npm run bench -- [filter] [--quick] [--json <file>] [--write-readme]
  filter          run only scripts whose path contains this substring (e.g. tube)
  --quick         smaller arguments per script (about 1-2 minutes in all), for smoke checks
  --json <file>   also write every run and its figures to <file>
  --write-readme  replace the README section between <!-- bench:begin --> and <!-- bench:end -->
                  with the table (full suite only: not with --quick or a filter)`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { quick: false, writeReadme: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === '--quick') a.quick = true;
    else if (x === '--write-readme') a.writeReadme = true;
    else if (x === '--help' || x === '-h') a.help = true;
    else if (x === '--json' || x.startsWith('--json=')) {
      const v = x === '--json' ? argv[++i] : x.slice('--json='.length);
      if (!v || v.startsWith('--')) throw new Error('--json needs a file name');
      a.json = v;
    } else if (x.startsWith('-')) throw new Error(`unknown option '${x}'\n${BENCH_USAGE}`);
    else if (a.filter === undefined) a.filter = x;
    else throw new Error(`only one filter is accepted (got '${a.filter}' and '${x}')`);
  }
  if (a.writeReadme && (a.quick || a.filter !== undefined)) {
    throw new Error(
      '--write-readme needs the full suite at full size: drop --quick and the filter (quick or partial ' +
        'figures do not belong in the README)',
    );
  }
  return a;
}
