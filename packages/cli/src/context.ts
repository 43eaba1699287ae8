import type { CliIO } from './io';
import { processIO } from './io';
import { createLogger, type Logger, type LogLevel } from '@wsstad/core';

/** The IO and logger a command handler should use (set by the CLI's middleware). */
export function cliContext(argv: Record<string, unknown>): { io: CliIO; log: Logger } {
  const io = (argv.io as CliIO | undefined) ?? processIO;
  const log = createLogger({ level: (argv['log-level'] as LogLevel | undefined) ?? 'info', write: io.err });
  return { io, log };
}
