import type { CommandModule } from 'yargs';
import { runCommand } from './run';
import { statusCommand } from './status';
import { gcCommand } from './gc';
import { synthCommand } from './synth';
import { importCommand } from './import';
import { detectCommand } from './detect';
import { linkCommand } from './link';
import { featuresCommand, featuresImportCommand } from './features';
import { trainCommand } from './train';
import { inferCommand } from './infer';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { experimentCommand } from './experiment';
import { inspectCommand } from './inspect';
import { diagnoseCommand } from './diagnose';
import { modelsCommand } from './models';
import { exportModelCommand } from './export-model';

/** Every `wsstad` command, in help order. Each module is thin: it parses options and calls a library. */
export const commands: ReadonlyArray<CommandModule<object, never>> = Object.freeze([
  runCommand,
  statusCommand,
  modelsCommand,
  gcCommand,
  synthCommand,
  importCommand,
  detectCommand,
  linkCommand,
  featuresCommand,
  featuresImportCommand,
  trainCommand,
  inferCommand,
  evalCommand,
  experimentCommand,
  exportCommand,
  exportModelCommand,
  inspectCommand,
  diagnoseCommand,
] as unknown as CommandModule<object, never>[]);
