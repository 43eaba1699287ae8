import type { CommandModule } from 'yargs';
import { cliContext } from '../context';

interface Args {
  input: string;
  detector: string;
  out: string;
  stride: number;
  set: string[];
  split?: string[];
  json: boolean;
}

/** `--set key=value` pairs; numbers and booleans parsed, lists left to the detector's normaliser. */
function parseSets(sets: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    sets.map((s) => {
      const i = s.indexOf('=');
      const k = i < 0 ? s : s.slice(0, i);
      const v = i < 0 ? 'true' : s.slice(i + 1);
      return [k, v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v];
    }),
  );
}

export const detectCommand: CommandModule<object, Args> = {
  command: 'detect <input>',
  describe: 'per-frame object boxes for one video or every video of a manifest (one detections artifact per video)',
  builder: (y) =>
    y
      .positional('input', {
        type: 'string',
        demandOption: true,
        describe: 'a video file (mp4, y4m, *.scene.json) or a dataset manifest (.json)',
      })
      .option('detector', {
        type: 'string',
        default: 'background-subtraction',
        describe:
          'which detector: background-subtraction, coco-centernet, coco-nanodet, onnx, oracle (oracle ' +
          'reads the ground truth: ablations only)',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'work folder for <id>/detections.arrow (read by `wsstad link`)',
      })
      .option('stride', {
        type: 'number',
        default: 1,
        describe: 'detect every k-th frame (then link tubes with gapTolerance >= k-1)',
      })
      .option('set', {
        type: 'string',
        array: true,
        default: [],
        describe: 'detector setting key=value, repeatable (e.g. warmupFrames=20, model=yolo.onnx)',
      })
      .option('split', {
        type: 'string',
        array: true,
        choices: ['train', 'test'],
        describe: 'manifest splits to run (default: all)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON summary instead of text' })
      .example('$0 detect data/manifest.json --out work', 'background subtraction on every video, into work/<id>/')
      .example(
        '$0 detect cam1.mp4 --detector onnx --set format=yolo --set model=yolov8n.onnx --out det',
        'a user ONNX detector on one file',
      ),
  handler: async (argv) => {
    const { detectPath } = await import('@wsstad/detector');
    const { io, log } = cliContext(argv as never);
    const results = await detectPath(argv.input, {
      detector: argv.detector,
      overrides: parseSets(argv.set),
      stride: argv.stride,
      outDir: argv.out,
      splits: argv.split as Array<'train' | 'test'> | undefined,
      log,
    });
    if (argv.json) io.out(JSON.stringify({ detector: argv.detector, videos: results }, null, 2));
    else for (const r of results) io.out(`${r.id}\t${r.detections} boxes\t${r.frames} frames\t${r.path}`);
  },
};
