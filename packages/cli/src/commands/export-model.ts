import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '@wsstad/core';
import { resolve } from 'node:path';
import { cliContext } from '../context';

interface Args {
  model: string;
  onnx: string;
  json: boolean;
}

export const exportModelCommand: CommandModule<object, Args> = {
  command: 'export-model <model>',
  describe:
    'export a trained model (both branches with the feature normaliser) as one ONNX file for ' +
    'onnxruntime in Python, C++ or elsewhere',
  builder: (y) =>
    y
      .positional('model', {
        type: 'string',
        demandOption: true,
        describe: 'trained model directory (the train stage output; `wsstad models <pipeline>` lists them)',
      })
      .option('onnx', {
        type: 'string',
        demandOption: true,
        describe:
          'ONNX file to write: inputs region, image [B,n,D] raw features and mask [B,n]; outputs scores ' +
          '(eq. 9), tube_scores, temporal_scores [B,n]',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .example(
        '$0 export-model .wsstad/store/trees/<hash> --onnx scorer.onnx',
        'then: onnxruntime.InferenceSession("scorer.onnx") in Python',
      ),
  handler: async (argv) => {
    const { io } = cliContext(argv as never);
    const { exportModelOnnx, EXPORT_IO } = await import('@wsstad/relationship-module');
    const bytes = exportModelOnnx(resolve(argv.model));
    const out = resolve(argv.onnx);
    writeFileAtomic(out, bytes);
    if (argv.json) io.out(JSON.stringify({ onnx: out, bytes: bytes.length, io: EXPORT_IO }));
    else
      io.out(
        `wrote ${out} (${(bytes.length / 1024).toFixed(0)} KiB): ` +
          `inputs ${EXPORT_IO.region}, ${EXPORT_IO.image} [B,n,D], ${EXPORT_IO.mask} [B,n]; ` +
          `outputs ${EXPORT_IO.scores}, ${EXPORT_IO.tubeScores}, ${EXPORT_IO.temporalScores} [B,n]`,
      );
  },
};
