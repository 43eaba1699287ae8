import type { CommandModule } from 'yargs';
import { dirname, resolve } from 'node:path';
import { ConfigError, findWorkArtifact, InputError, readManifest, workArtifactPath } from '@wsstad/core';
import type { PublicFeatureFormat } from '@wsstad/c3d-features';
import { cliContext } from '../context';

interface Args {
  video: string;
  tubes?: string;
  videolets?: string;
  out?: string;
  work?: string;
  split?: string[];
  backbone: string;
  'clip-length': number;
  stride: number;
  margin: number;
  'whole-frame': boolean;
  'c3d-weights'?: string;
  'c3d-onnx'?: string;
  'c3d-batch': number;
  device: string;
  params?: string;
}

const isManifest = (p: string) => /\.json$/i.test(p) && !/\.scene\.json$/i.test(p);

/**
 * `wsstad features <video>`: clip features of one video (whole frame + every tube) from one decode;
 * `wsstad features <manifest> --work <dir>`: every video of a dataset, in the work-folder layout.
 */
export const featuresCommand: CommandModule<object, Args> = {
  command: 'features <video>',
  describe: 'clip features (whole frame + every tube) of one video, or of every video of a manifest in a work folder',
  builder: (y) =>
    y
      .positional('video', {
        type: 'string',
        demandOption: true,
        describe:
          'video file (.mp4/.avi via ffmpeg, .y4m, or a synthetic .scene.json), ' +
          'or a dataset manifest (.json) with --work',
      })
      .option('work', {
        type: 'string',
        describe:
          'with a manifest: the work folder of `wsstad link` (reads <videoId>/tubes.arrow and videolets.arrow, ' +
          'writes <videoId>/clip-features.arrow)',
      })
      .option('split', {
        type: 'string',
        array: true,
        choices: ['train', 'test'],
        describe: 'manifest splits (default: all)',
      })
      .option('tubes', { type: 'string', describe: 'one video: its tubes artifact (.arrow), from the tube-linker' })
      .option('videolets', { type: 'string', describe: 'one video: its videolets (checked against the video length)' })
      .option('out', { type: 'string', describe: 'one video: where to write the clip-features artifact (.arrow)' })
      .option('backbone', {
        type: 'string',
        choices: ['hog-hof-mbh', 'c3d'],
        default: 'hog-hof-mbh',
        describe: 'hog-hof-mbh: weight-free HOG/HOF/MBH; c3d: C3D fc6, needs --c3d-weights or --c3d-onnx',
      })
      .option('clip-length', { type: 'number', default: 16, describe: 'frames per clip' })
      .option('stride', { type: 'number', default: 16, describe: 'frames between clip starts (16 = non-overlapping)' })
      .option('margin', {
        type: 'number',
        default: 0.25,
        describe: "square context around tube boxes, as a fraction of the box's longer side",
      })
      .option('whole-frame', {
        type: 'boolean',
        default: true,
        describe: 'also compute whole-frame clips (needed for videolets and image-level instances)',
      })
      .option('c3d-weights', {
        type: 'string',
        describe: 'C3D weights as safetensors with the PyTorch port names (conv1.weight ... fc6.bias)',
      })
      .option('c3d-onnx', { type: 'string', describe: 'C3D as an ONNX file: input [N,3,16,112,112], output [N,4096]' })
      .option('c3d-batch', { type: 'number', default: 4, describe: 'C3D clips per onnxruntime call' })
      .option('device', {
        type: 'string',
        choices: ['auto', 'cpu', 'cuda'],
        default: 'auto',
        describe: 'onnxruntime execution provider for C3D',
      })
      .option('params', {
        type: 'string',
        describe: 'full params as JSON (overrides the options above), e.g. \'{"hog":{"gridX":2,"gridY":2}}\'',
      })
      .example('$0 features data/manifest.json --work work', 'every video of the dataset, after `wsstad link work`')
      .example(
        '$0 features videos/v1.mp4 --tubes v1.tubes.arrow --out v1.features.arrow',
        'weight-free HOG/HOF/MBH features',
      )
      .example(
        '$0 features v1.mp4 --tubes t.arrow --out f.arrow --backbone c3d --c3d-weights c3d.safetensors',
        'C3D fc6 features from your weights',
      ),
  handler: async (argv) => {
    const { disposeFeatureBackbones, featuresForVideo, normalizeFeaturesConfig } = await import('@wsstad/c3d-features');
    const { io, log } = cliContext(argv as never);
    const params = normalizeFeaturesConfig(
      argv.params
        ? JSON.parse(argv.params)
        : {
            backbone: argv.backbone,
            grid: {
              clipLength: argv['clip-length'],
              stride: argv.stride,
              minTailFrames: Math.min(4, argv['clip-length']),
            },
            contextMargin: argv.margin,
            wholeFrame: argv['whole-frame'],
            c3d: {
              weights: argv['c3d-weights'] ?? null,
              onnx: argv['c3d-onnx'] ?? null,
              batchSize: argv['c3d-batch'],
              device: argv.device,
            },
          },
    );
    const jobs = featureJobs(argv);
    try {
      for (const job of jobs) {
        const t0 = Date.now();
        const r = await featuresForVideo({ ...job, params, log });
        const sec = (Date.now() - t0) / 1000;
        const rate = `${r.frames} frames in ${sec.toFixed(1)} s (${(r.frames / sec).toFixed(0)} frames/s)`;
        io.out(`${job.outPath}: ${r.rows} clips x ${r.dim} (${r.backbone}), ${rate}`);
      }
    } finally {
      disposeFeatureBackbones();
    }
  },
};

interface FeatureJob {
  videoUri: string;
  baseDir: string;
  tubesPath: string;
  videoletsPath?: string;
  outPath: string;
  videoId?: string;
}

/** One job per video: the lone video given, or each manifest entry's work-folder artifacts. */
function featureJobs(argv: Args): FeatureJob[] {
  if (!isManifest(argv.video)) {
    if (!argv.tubes || !argv.out) {
      const hint =
        `wsstad features ${argv.video} --tubes <id>/tubes.arrow --out <id>/clip-features.arrow, ` +
        'or a manifest with --work';
      throw new ConfigError('one video needs --tubes and --out', { hint });
    }
    const video = resolve(argv.video);
    const { tubes: tubesPath, videolets: videoletsPath, out: outPath } = argv;
    return [{ videoUri: video, baseDir: dirname(video), tubesPath, videoletsPath, outPath }];
  }
  if (!argv.work) {
    const hint = `wsstad features ${argv.video} --work work`;
    throw new ConfigError('a manifest needs --work, the work folder of `wsstad link`', { file: argv.video, hint });
  }
  const m = readManifest(argv.video);
  const work = resolve(argv.work);
  return m.videos
    .filter((v) => !argv.split || argv.split.includes(v.split))
    .map((v) => {
      const tubes = findWorkArtifact(work, v.id, 'tubes');
      if (!tubes) {
        const hint = `run \`wsstad link ${argv.work}\` first (expected ${v.id}/tubes.arrow)`;
        throw new InputError(`no tubes artifact for video '${v.id}'`, { file: work, hint });
      }
      const videolets = findWorkArtifact(work, v.id, 'videolets');
      const outPath = workArtifactPath(work, v.id, 'clip-features');
      const videoletsPath = videolets?.path;
      return { videoUri: v.uri, baseDir: m.dir, videoId: v.id, tubesPath: tubes.path, outPath, videoletsPath };
    });
}

interface ImportArgs {
  format: PublicFeatureFormat;
  file: string;
  out: string;
  frames?: number;
}

/**
 * `wsstad features-import <format> <file>`: a public feature release (one video's file) into a clip-features artifact.
 */
export const featuresImportCommand: CommandModule<object, ImportArgs> = {
  command: 'features-import <format> <file>',
  describe:
    'convert one video of a public feature release (Sultani 32x4096 text, RTFM .npy) into a clip-features artifact',
  builder: (y) =>
    y
      .positional('format', {
        type: 'string',
        choices: ['sultani-txt', 'rtfm-npy'] as const,
        demandOption: true,
        describe: 'sultani-txt: 32 lines x 4096 floats; rtfm-npy: [T,10,D] (crops averaged) or [T,D]',
      })
      .positional('file', { type: 'string', demandOption: true, describe: "the video's feature file" })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'where to write the clip-features artifact (.arrow)',
      })
      .option('frames', {
        type: 'number',
        describe: "the video's frame count (Sultani: places the 32 segments; default 512)",
      })
      .example(
        '$0 features-import sultani-txt Abuse028_x264.txt --frames 1412 --out Abuse028.features.arrow',
        'Sultani C3D segment features',
      )
      .example(
        '$0 features-import rtfm-npy Abuse028_x264_i3d.npy --out Abuse028.features.arrow',
        'RTFM I3D snippet features',
      ),
  handler: async (argv) => {
    const { importPublicFeatures } = await import('@wsstad/c3d-features');
    const { io } = cliContext(argv as never);
    const r = importPublicFeatures({ format: argv.format, file: argv.file, out: argv.out, frameCount: argv.frames });
    io.out(`${argv.out}: ${r.rows} whole-frame rows x ${r.dim} (${r.backbone})`);
  },
};
