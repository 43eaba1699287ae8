import type { CommandModule } from 'yargs';
import { ConfigError } from '@wsstad/core';
import type { BenchmarkStats } from '@wsstad/video';
import { cliContext } from '../context';

interface Args {
  preset: string;
  seed: string;
  out?: string;
  set: string[];
  stats: boolean;
  manifest?: string;
  json: boolean;
}

/** `--set key=value` pairs -> an overrides object (values stay strings; the library parses them). */
export function parseSets(sets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0)
      throw new ConfigError(`--set expects key=value, got '${s}'`, {
        hint: 'e.g. --set frames=120 --set layouts=road,plaza',
      });
    out[s.slice(0, eq).trim()] = s.slice(eq + 1).trim();
  }
  return out;
}

function formatStats(s: BenchmarkStats): string[] {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const kv = (o: Record<string, number>) =>
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
  return [
    `videos: train normal=${s.videos.train.normal} abnormal=${s.videos.train.abnormal}; test ` +
      `normal=${s.videos.test.normal} abnormal=${s.videos.test.abnormal}`,
    `by type: ${kv(s.byType)}`,
    `by layout: ${kv(s.byLayout)}`,
    `hard negatives: ${kv(s.hardNegatives)}`,
    `mean abnormal-frame share (abnormal videos): ${pct(s.meanAbnormalShare)}`,
    `objects per frame: ${s.objectsPerFrame.toFixed(2)}`,
    `total frames: ${s.totalFrames}`,
  ];
}

export const synthCommand: CommandModule<object, Args> = {
  command: 'synth',
  describe: 'generate the synthetic surveillance benchmark (scene descriptions + ground truth + manifest)',
  builder: (y) =>
    y
      .option('preset', {
        type: 'string',
        default: 'small',
        choices: ['tiny', 'small', 'medium'],
        describe: 'size preset: tiny (tests), small (default benchmark), medium',
      })
      .option('seed', {
        type: 'string',
        default: '0',
        describe: 'seed; the same seed gives byte-identical videos and ground truth',
      })
      .option('out', {
        type: 'string',
        describe: 'output folder (manifest.json, scenes/, gt/, train-gt/); default data/synth-<preset>-<seed>',
      })
      .option('set', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'override a generator setting, key=value (repeatable), e.g. frames=120, layouts=road,plaza',
      })
      .option('stats', {
        type: 'boolean',
        default: false,
        describe: 'print statistics: videos per split/label/type, mean abnormal-frame share, objects per frame',
      })
      .option('manifest', {
        type: 'string',
        describe: 'with --stats: report on an existing benchmark manifest instead of generating',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .example('$0 synth', 'generate the default (small) benchmark into data/synth-small-0')
      .example(
        '$0 synth --preset tiny --seed 3 --out /tmp/b --set frames=96 --stats',
        'a tiny benchmark with longer clips, with statistics',
      )
      .example('$0 synth --stats --manifest data/synth-small-0/manifest.json', 'statistics of an existing benchmark'),
  handler: async (argv) => {
    const { benchmarkStats, generateBenchmark } = await import('@wsstad/video');
    const { io, log } = cliContext(argv as never);
    if (argv.manifest) {
      if (!argv.stats)
        throw new ConfigError('--manifest is only used with --stats', {
          hint: 'wsstad synth --stats --manifest <path>',
        });
      const stats = benchmarkStats(argv.manifest);
      if (argv.json) io.out(JSON.stringify({ manifest: argv.manifest, stats }, null, 2));
      else for (const l of formatStats(stats)) io.out(l);
      return;
    }
    const seed = /^-?\d+$/.test(argv.seed) ? Number(argv.seed) : argv.seed;
    const outDir = argv.out ?? `data/synth-${argv.preset}-${argv.seed}`;
    const t0 = Date.now();
    const r = generateBenchmark({
      preset: argv.preset,
      seed,
      outDir,
      overrides: parseSets(argv.set),
      onVideo: (done, total) => {
        if (done % 25 === 0 || done === total) log.info(`synth: ${done}/${total} videos`);
      },
    });
    if (argv.json) {
      io.out(JSON.stringify({ manifest: r.manifestPath, stats: r.stats, config: r.config }, null, 2));
      return;
    }
    io.out(`wrote ${r.manifestPath} (${r.stats.totalFrames} frames in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (argv.stats) for (const l of formatStats(r.stats)) io.out(l);
  },
};
