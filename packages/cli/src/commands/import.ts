import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { ConfigError } from '@wsstad/core';
import { importFolderLayout, importUcfCrime, writeImport } from '@wsstad/video';
import { cliContext } from '../context';

interface Args {
  layout: 'folders' | 'ucf-crime';
  root: string;
  annotations?: string;
  name?: string;
}

export const importCommand: CommandModule<object, Args> = {
  command: 'import <layout> <root>',
  describe: 'write a dataset manifest (and ground-truth files) for videos you have: a split/label folder layout or UCF-Crime',
  builder: (y) =>
    y
      .positional('layout', { type: 'string', choices: ['folders', 'ucf-crime'] as const, demandOption: true, describe: "'folders': <root>/{train,test}/{normal,abnormal}/*.mp4; 'ucf-crime': the UCF-Crime release layout" })
      .positional('root', { type: 'string', demandOption: true, describe: 'dataset folder; manifest.json and gt/ are written into it' })
      .option('annotations', { type: 'string', describe: "ucf-crime: path of Temporal_Anomaly_Annotation.txt (lines like 'Abuse028_x264.mp4 Abuse 165 240 -1 -1')" })
      .option('name', { type: 'string', describe: 'dataset name recorded in the manifest' })
      .example('$0 import ucf-crime data/UCF-Crime --annotations data/UCF-Crime/Temporal_Anomaly_Annotation.txt', 'UCF-Crime with temporal ground truth'),
  handler: (argv) => {
    const { io } = cliContext(argv as never);
    const root = resolve(argv.root);
    let result;
    if (argv.layout === 'ucf-crime') {
      if (!argv.annotations) throw new ConfigError('ucf-crime import needs --annotations', { hint: '--annotations <root>/Temporal_Anomaly_Annotation.txt' });
      result = importUcfCrime(root, resolve(argv.annotations), { name: argv.name });
    } else {
      result = importFolderLayout(root, { name: argv.name });
    }
    const path = writeImport(result, root);
    const v = result.manifest.videos;
    io.out(`${path}: ${v.length} videos (${v.filter((x) => x.split === 'train').length} train, ${v.filter((x) => x.split === 'test').length} test; ${v.filter((x) => x.label === 'abnormal').length} abnormal), ${Object.keys(result.groundTruth).length} ground-truth files`);
  },
};
