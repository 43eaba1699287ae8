import type { CommandModule } from 'yargs';
import { inspectCommand } from './inspect';

/** Every `wsstad` command, in help order. Each module is thin: it parses options and calls a library. */
export const commands: ReadonlyArray<CommandModule<object, never>> = Object.freeze([
  inspectCommand as never,
]);
