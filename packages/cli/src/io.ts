/**
 * Where commands print. Commands write results to `out` (stdout) and diagnostics to `err` (stderr);
 * tests pass collectors so commands run in-process.
 */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export const processIO: CliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

export interface CollectedIO extends CliIO {
  stdout: string[];
  stderr: string[];
}

export function collectIO(): CollectedIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}
