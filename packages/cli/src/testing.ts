import yargs, { type CommandModule } from 'yargs';
import { collectIO, type CollectedIO } from './io';

/**
 * Run one command module in-process with collected output, for package tests that own a command
 * before it is wired into the CLI (the real CLI adds the same middleware).
 */
export async function runCommandModule(cmd: CommandModule<object, never>, argv: string[]): Promise<CollectedIO> {
  const io = collectIO();
  await yargs(argv)
    .middleware((a) => {
      (a as Record<string, unknown>).io = io;
    })
    .command(cmd)
    .strict()
    .fail(false)
    .parseAsync();
  return io;
}
