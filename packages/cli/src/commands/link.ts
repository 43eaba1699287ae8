import type { CommandModule } from 'yargs';
import { workFolderOfArtifact } from '@wsstad/core';
import { cliContext } from '../context';

interface Args {
  inputs: string[];
  out?: string;
  eta?: number;
  lambda?: number;
  zeta1?: number;
  zeta2?: number;
  'zeta1-seconds'?: number;
  'zeta2-seconds'?: number;
  'gap-tolerance'?: number;
  'max-instances'?: number;
  cluster?: string;
  'temporal-match'?: string;
  segments?: number;
  json: boolean;
}

export const linkCommand: CommandModule<object, Args> = {
  command: 'link <inputs..>',
  describe: 'link per-frame detections into unary and multivariate tubes, and cut each video into videolets',
  builder: (y) =>
    y
      .positional('inputs', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'work folders from `wsstad detect` (<videoId>/detections.arrow) or detections .arrow files',
      })
      .option('out', {
        type: 'string',
        describe: 'work folder for <videoId>/tubes.arrow and videolets.arrow (default: that of the detections)',
      })
      .option('eta', { type: 'number', describe: 'weight of the IoU term in the linking score (paper: 2)' })
      .option('lambda', { type: 'number', describe: 'IoU threshold for linking and clustering, strict (paper: 0.1)' })
      .option('zeta1', { type: 'number', describe: 'minimum unary tube length in frames (paper: 100)' })
      .option('zeta2', { type: 'number', describe: 'minimum multivariate tube length in frames (paper: 50)' })
      .option('zeta1-seconds', {
        type: 'number',
        describe: "minimum unary tube length in seconds (overrides --zeta1, uses the video's fps)",
      })
      .option('zeta2-seconds', {
        type: 'number',
        describe: 'minimum multivariate tube length in seconds (overrides --zeta2)',
      })
      .option('gap-tolerance', {
        type: 'number',
        describe: 'missing frames a tube may bridge (0 = the paper; >= k-1 for detection stride k)',
      })
      .option('max-instances', {
        type: 'number',
        describe: 'most tubes kept per video, both kinds pooled, best mean score first (0 = no cap; default 200)',
      })
      .option('cluster', {
        type: 'string',
        choices: ['seed', 'closure'],
        describe: "multivariate cluster: 'seed' (one hop, as written) or 'closure' (transitive within a frame)",
      })
      .option('temporal-match', {
        type: 'string',
        choices: ['anyBox', 'unionBox'],
        describe: 'multivariate linking against any cluster box or the union box',
      })
      .option('segments', { type: 'number', describe: 'videolets per video (default 32)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object per video instead of text' })
      .example('$0 link work', 'every video of a work folder from `wsstad detect --out work`, paper defaults')
      .example('$0 link work/v001/detections.arrow --out other', 'one video, into other/v001/')
      .example(
        '$0 link work --zeta1-seconds 2 --zeta2-seconds 1 --gap-tolerance 4',
        'short synthetic videos, detections every 5th frame',
      ),
  handler: async (argv) => {
    const { detectionInputs, linkDetectionsFile, linkOutputPaths, normalizeLinkConfig } =
      await import('@wsstad/tube-linker');
    const { io, log } = cliContext(argv as never);
    const raw: Record<string, unknown> = {
      eta: argv.eta,
      lambda: argv.lambda,
      zeta1: argv.zeta1,
      zeta2: argv.zeta2,
      zeta1Seconds: argv['zeta1-seconds'],
      zeta2Seconds: argv['zeta2-seconds'],
      gapTolerance: argv['gap-tolerance'],
      maxInstances: argv['max-instances'],
      cluster: argv.cluster,
      temporalMatch: argv['temporal-match'],
      videolets: argv.segments !== undefined ? { segments: argv.segments } : undefined,
    };
    const config = normalizeLinkConfig(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
    const inputs = detectionInputs(argv.inputs);
    const legacy = inputs.filter((i) => i.legacy).length;
    if (legacy) {
      log.warn(
        `${legacy} detections file(s) in the old flat layout <id>.detections.arrow (deprecated): ` +
          'rerun `wsstad detect` to get <id>/detections.arrow',
      );
    }
    for (const { path: input } of inputs) {
      const out = linkOutputPaths(input, argv.out ?? workFolderOfArtifact(input, 'detections'));
      const r = await linkDetectionsFile(input, out, config);
      if (argv.json) {
        io.out(
          JSON.stringify({ input, tubes: r.tubesPath, videolets: r.videoletsPath, summary: r.summary, stats: r.stats }),
        );
        continue;
      }
      log.debug(
        `thresholds in frames: zeta1 ${r.stats.thresholds.zeta1}, zeta2 ${r.stats.thresholds.zeta2}, ` +
          `gap ${r.stats.thresholds.gapTolerance}`,
      );
      io.out(`${input} -> ${r.tubesPath} (${r.tubes} tubes), ${r.videoletsPath} (${r.videolets} videolets)`);
      for (const s of r.summary) {
        io.out(
          `  ${s.kind}: ${s.count} tubes, length ` +
            `min/median/max ${s.minLength}/${s.medianLength}/${s.maxLength} frames, mean ` +
            `score ${s.meanScore.toFixed(3)}`,
        );
      }
      if (r.stats.capped) io.out(`  ${r.stats.capped} tubes over the cap of ${config.maxInstances} dropped`);
    }
  },
};
