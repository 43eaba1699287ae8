import yargs, { type Argv, type CommandModule } from 'yargs';
import { WsstadError } from '@wsstad/core';
import type { CliIO } from './io';
import { commands } from './commands';

/** A command-line usage mistake reported by yargs. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Commands receive the IO to print to through the `io` key of their argv (set by runCli). */
export interface CliContext {
  io: CliIO;
}

export function buildCli(io: CliIO, argv: string[]): Argv {
  let y = yargs(argv)
    .scriptName('wsstad')
    .usage('$0 <command> [options]\n\nWeakly-supervised spatio-temporal anomaly detection (IJCAI 2021 MGPR).')
    .option('log-level', {
      type: 'string',
      choices: ['debug', 'info', 'warn', 'error', 'silent'],
      default: 'info',
      describe: 'diagnostics printed to stderr',
    })
    .middleware((a) => {
      (a as unknown as CliContext).io = io;
    })
    .demandCommand(1, 'name a command; see --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      // Usage problems (unknown option, missing argument) come as a message; handler errors as err.
      if (msg) throw new UsageError(msg);
      throw err;
    });
  for (const c of commands) y = y.command(c as CommandModule);
  return y;
}

/**
 * Runs the CLI in-process: the single top-level error handler. Known errors print their message
 * (what was wrong and the fix) without a stack; unknown ones print the stack. Returns the exit code.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    await buildCli(io, argv).parseAsync();
    return 0;
  } catch (e) {
    if (e instanceof WsstadError) {
      io.err(`error: ${e.message}`);
      if (process.env.WSSTAD_DEBUG && e.stack) io.err(e.stack);
    } else if (e instanceof UsageError) {
      io.err(`error: ${e.message}\nRun 'wsstad --help' (or 'wsstad <command> --help') for usage.`);
    } else {
      io.err(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    return 1;
  }
}
