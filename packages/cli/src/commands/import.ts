import type { CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@wsstad/core';
import { cliContext } from '../context';

interface Args {
  layout: 'folders' | 'ucf-crime' | 'ucf-crime-splits';
  root: string;
  annotations?: string;
  'train-list'?: string;
  'test-list'?: string;
  name?: string;
}

/** UCF-Crime's official file names, looked up in the dataset folder when not given. */
const UCF_FILES = {
  train: 'Anomaly_Train.txt',
  test: 'Anomaly_Test.txt',
  annotations: 'Temporal_Anomaly_Annotation_for_Testing_Videos.txt',
} as const;

export const importCommand: CommandModule<object, Args> = {
  command: 'import <layout> <root>',
  describe:
    'write a dataset manifest (and ground-truth files): a split/label folder layout, UCF-Crime with its ' +
    'videos, or UCF-Crime from its split files alone (for imported features)',
  builder: (y) =>
    y
      .positional('layout', {
        type: 'string',
        choices: ['folders', 'ucf-crime', 'ucf-crime-splits'] as const,
        demandOption: true,
        describe:
          "'folders': <root>/{train,test}/{normal,abnormal}/*.mp4; 'ucf-crime': the UCF-Crime release " +
          "layout with its videos; 'ucf-crime-splits': UCF-Crime's split and annotation files only, " +
          'no videos needed',
      })
      .positional('root', {
        type: 'string',
        demandOption: true,
        describe: 'dataset folder; manifest.json and gt/ are written into it',
      })
      .option('annotations', {
        type: 'string',
        describe:
          `ucf-crime: path of Temporal_Anomaly_Annotation.txt (lines like 'Abuse028_x264.mp4 Abuse 165 ` +
          `240 -1 -1'); ucf-crime-splits: default <root>/${UCF_FILES.annotations}`,
      })
      .option('train-list', {
        type: 'string',
        describe: `ucf-crime-splits: train list (default <root>/${UCF_FILES.train})`,
      })
      .option('test-list', {
        type: 'string',
        describe:
          `ucf-crime-splits: test list (default <root>/${UCF_FILES.test} when present, else the ` +
          `annotation file's videos)`,
      })
      .option('name', { type: 'string', describe: 'dataset name recorded in the manifest' })
      .example(
        '$0 import ucf-crime data/UCF-Crime --annotations data/UCF-Crime/Temporal_Anomaly_Annotation.txt',
        'UCF-Crime with temporal ground truth',
      )
      .example(
        '$0 import ucf-crime-splits data/ucf-crime',
        'UCF-Crime for pipelines/ucf-crime (imported features): reads Anomaly_Train.txt, ' +
          'Anomaly_Test.txt and the temporal annotations in data/ucf-crime',
      ),
  handler: async (argv) => {
    const { importFolderLayout, importUcfCrime, importUcfCrimeSplits, writeImport } = await import('@wsstad/video');
    const { io } = cliContext(argv as never);
    const root = resolve(argv.root);
    let result;
    if (argv.layout === 'ucf-crime') {
      if (!argv.annotations)
        throw new ConfigError('ucf-crime import needs --annotations', {
          hint: '--annotations <root>/Temporal_Anomaly_Annotation.txt',
        });
      result = importUcfCrime(root, resolve(argv.annotations), { name: argv.name });
    } else if (argv.layout === 'ucf-crime-splits') {
      const test = argv['test-list'] ? resolve(argv['test-list']) : join(root, UCF_FILES.test);
      result = importUcfCrimeSplits(
        {
          trainList: argv['train-list'] ? resolve(argv['train-list']) : join(root, UCF_FILES.train),
          testList: argv['test-list'] || existsSync(test) ? test : undefined,
          annotations: argv.annotations ? resolve(argv.annotations) : join(root, UCF_FILES.annotations),
        },
        { name: argv.name },
      );
    } else {
      result = importFolderLayout(root, { name: argv.name });
    }
    const path = writeImport(result, root);
    const v = result.manifest.videos;
    io.out(
      `${path}: ${v.length} videos (${v.filter((x) => x.split === 'train').length} ` +
        `train, ${v.filter((x) => x.split === 'test').length} ` +
        `test; ${v.filter((x) => x.label === 'abnormal').length} ` +
        `abnormal), ${Object.keys(result.groundTruth).length} ground-truth files`,
    );
  },
};
