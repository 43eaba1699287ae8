export { runCli, buildCli } from './app';
export type { CliContext } from './app';
export { collectIO, processIO } from './io';
export type { CliIO, CollectedIO } from './io';
export { runCommandModule } from './testing';
