import type { CommandModule } from 'yargs';
import { ConfigError } from '@wsstad/core';
import { cliContext } from '../context';

interface Args {
  video: string;
  out?: string;
  sheet?: string;
  gt?: string;
  objects: boolean;
  frames: number;
  scale: number;
}

export const exportCommand: CommandModule<object, Args> = {
  command: 'export <video>',
  describe:
    'write a video (synthetic .scene.json, .y4m or any ffmpeg-readable file) to mp4 and/or a ' +
    'contact-sheet PNG, with ground-truth boxes',
  builder: (y) =>
    y
      .positional('video', {
        type: 'string',
        demandOption: true,
        describe: 'video file or synthetic scene (.scene.json)',
      })
      .option('out', {
        type: 'string',
        describe: 'mp4 to write (H.264 when the ffmpeg build has libx264, else MPEG-4 part 2)',
      })
      .option('sheet', { type: 'string', describe: 'contact-sheet PNG to write' })
      .option('gt', { type: 'string', describe: 'ground-truth file (.gt.json) whose event box (red) is drawn' })
      .option('objects', {
        type: 'boolean',
        default: false,
        describe: "also draw every object's ground-truth box (green)",
      })
      .option('frames', { type: 'number', default: 12, describe: 'frames in the contact sheet (evenly spaced)' })
      .option('scale', { type: 'number', default: 2, describe: 'integer upscaling of contact-sheet tiles' })
      .example(
        '$0 export data/synth-small-0/scenes/test-003.scene.json --gt ' +
          'data/synth-small-0/gt/test-003.gt.json --out t3.mp4 --sheet t3.png',
        'a synthetic test video with its ground truth',
      ),
  handler: async (argv) => {
    const { contactSheet, exportVideo, groundTruthOverlays, openVideo, readGroundTruth } =
      await import('@wsstad/video');
    const { io } = cliContext(argv as never);
    if (!argv.out && !argv.sheet)
      throw new ConfigError('nothing to write: give --out (mp4) and/or --sheet (png)', {
        hint: 'e.g. --out video.mp4',
      });
    const src = await openVideo(argv.video);
    try {
      const gt = argv.gt ? readGroundTruth(argv.gt) : null;
      const overlays = gt ? groundTruthOverlays(gt, { objects: argv.objects }) : [];
      if (argv.out) io.out(`wrote ${argv.out} (${await exportVideo(src, argv.out, { overlays })} frames)`);
      if (argv.sheet) {
        const ev = gt?.event;
        await contactSheet(src, argv.sheet, {
          frames: argv.frames,
          overlays,
          scale: argv.scale,
          marked: (f) => !!ev && f >= ev.startFrame && f < ev.endFrame,
        });
        io.out(`wrote ${argv.sheet}`);
      }
    } finally {
      src.close();
    }
  },
};
