import {
  BENCH_BEGIN,
  BENCH_END,
  formatTable,
  formatValue,
  readmeSection,
  replaceBenchSection,
  type BenchRun,
} from './report';
import { parseBenchArgs } from './args';

const ok: BenchRun = {
  stage: 'core',
  script: 'packages/core/bench/artifact-formats.ts',
  args: ['2000', '1024'],
  command: 'npx tsx packages/core/bench/artifact-formats.ts 2000 1024',
  status: 0,
  signal: null,
  wallSeconds: 12.34,
  figures: [
    { name: 'Arrow IPC write', value: 37.25, unit: 'MB/s', note: '2000 x 1024 float32' },
    { name: 'label', value: 'a|b', unit: '' },
  ],
};
const failed: BenchRun = {
  stage: 'video',
  script: 'packages/video/bench/render-decode.ts',
  args: [],
  command: 'npx tsx packages/video/bench/render-decode.ts',
  status: 1,
  signal: null,
  wallSeconds: 3,
  figures: [],
  error: "exit 1; packages/video/bench/render-decode.ts: last stdout line is not JSON: 'boom'",
};

describe('formatTable', () => {
  it("prints one markdown table: stage | figure | value | unit | command, command on each script's first row", () => {
    expect(formatTable([ok, failed]).split('\n')).toEqual([
      '| stage | figure | value | unit | command |',
      '|---|---|---:|---|---|',
      '| core | Arrow IPC write (2000 x 1024 float32) | 37.25 | MB/s | `npx tsx ' +
        'packages/core/bench/artifact-formats.ts 2000 1024` |',
      '| core | label | a\\|b |  | same |',
      '| core | wall time (exit 0) | 12.3 | s | same |',
      '| video | error | exit 1; packages/video/bench/render-decode.ts: last stdout line is not JSON: ' +
        "'boom' |  | `npx tsx packages/video/bench/render-decode.ts` |",
      '| video | wall time (exit 1) | 3 | s | same |',
    ]);
  });

  it('says when a script was killed by a signal', () => {
    expect(formatTable([{ ...failed, status: null, signal: 'SIGKILL' }])).toContain(
      '| video | wall time (killed by SIGKILL) | 3 | s |',
    );
  });

  it('formats values without binary noise, keeping what the script rounded to', () => {
    expect([
      formatValue(0.1 + 0.2),
      formatValue(1234.5678),
      formatValue(3),
      formatValue(0.00123456),
      formatValue('n/a'),
    ]).toEqual(['0.3', '1234.6', '3', '0.001235', 'n/a']);
  });

  it('gives the same number of cells on every row (a valid markdown table)', () => {
    const rows = formatTable([ok, failed]).split('\n');
    const cells = rows.map((r) => r.replace(/\\\|/g, '').split('|').length);
    expect(new Set(cells).size).toBe(1);
  });
});

describe('replaceBenchSection', () => {
  const readme = [
    '# Title',
    '',
    '## Benchmarks',
    'intro line',
    '',
    BENCH_BEGIN,
    '| old | table |',
    '|---|---|',
    BENCH_END,
    '',
    'after text',
    '',
  ].join('\n');

  it('replaces only the text between the markers and keeps everything outside byte for byte', () => {
    const out = replaceBenchSection(readme, '| new |\n|---|\n');
    expect(out).toBe(
      [
        '# Title',
        '',
        '## Benchmarks',
        'intro line',
        '',
        BENCH_BEGIN,
        '| new |',
        '|---|',
        BENCH_END,
        '',
        'after text',
        '',
      ].join('\n'),
    );
    const before = readme.slice(0, readme.indexOf(BENCH_BEGIN) + BENCH_BEGIN.length);
    const after = readme.slice(readme.indexOf(BENCH_END));
    expect(out.startsWith(before)).toBe(true);
    expect(out.endsWith(after)).toBe(true);
    expect(out).not.toContain('old');
  });

  it('is idempotent', () => {
    const once = replaceBenchSection(readme, 'X');
    expect(replaceBenchSection(once, 'X')).toBe(once);
  });

  it('fails clearly when a marker is missing, repeated or out of order', () => {
    expect(() => replaceBenchSection(readme.replace(BENCH_BEGIN, ''), 'X')).toThrow(
      /README\.md has no '<!-- bench:begin -->' marker/,
    );
    expect(() => replaceBenchSection(readme.replace(BENCH_END, ''), 'X', 'docs/R.md')).toThrow(
      /docs\/R\.md has no '<!-- bench:end -->' marker/,
    );
    expect(() => replaceBenchSection(`${readme}\n${BENCH_END}\n`, 'X')).toThrow(/2 '<!-- bench:end -->' markers/);
    expect(() => replaceBenchSection(`${BENCH_END}\n${BENCH_BEGIN}\n`, 'X')).toThrow(/comes before/);
  });

  it('writes the table with the date, machine and exact command below it', () => {
    const s = readmeSection([ok], {
      date: '2025-01-02 03:04 UTC',
      cpu: 'Some CPU @ 2.0GHz',
      cores: 2,
      node: 'v20.0.0',
      command: 'npm run bench -- --write-readme',
    });
    expect(s.split('\n')[0]).toBe('| stage | figure | value | unit | command |');
    const generated =
      '\nGenerated 2025-01-02 03:04 UTC on Some CPU @ 2.0GHz (2 cores), node v20.0.0, ' +
      'by `npm run bench -- --write-readme`.';
    expect(s.slice(-generated.length)).toBe(generated);
  });
});

describe('parseBenchArgs', () => {
  it('reads the filter and options', () => {
    expect(parseBenchArgs(['tube', '--quick', '--json', 'out.json'])).toEqual({
      filter: 'tube',
      quick: true,
      json: 'out.json',
      writeReadme: false,
      help: false,
    });
    expect(parseBenchArgs(['--json=a.json']).json).toBe('a.json');
    expect(parseBenchArgs([])).toEqual({ quick: false, writeReadme: false, help: false });
  });
  it('rejects unknown options, a missing --json file and --write-readme on a quick or partial run', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option '--fast'/);
    expect(() => parseBenchArgs(['--json'])).toThrow(/--json needs a file name/);
    expect(() => parseBenchArgs(['--write-readme', '--quick'])).toThrow(/full suite/);
    expect(() => parseBenchArgs(['tube', '--write-readme'])).toThrow(/full suite/);
    expect(parseBenchArgs(['--write-readme']).writeReadme).toBe(true);
  });
});
