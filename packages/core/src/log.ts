import { SingleBar } from 'cli-progress';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  child(prefix: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default so stdout stays machine-readable. */
  write?: (line: string) => void;
  prefix?: string;
}

/** A small leveled logger. No global state: callers pass it down (tests pass one that collects lines). */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? (process.env.WSSTAD_LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const write = opts.write ?? ((l: string) => process.stderr.write(l + '\n'));
  const prefix = opts.prefix ? `[${opts.prefix}] ` : '';
  const at = (l: LogLevel) => (msg: string) => {
    if (ORDER[l] >= ORDER[level]) write(`${l === 'info' ? '' : l.toUpperCase() + ' '}${prefix}${msg}`);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (p) => createLogger({ level, write, prefix: opts.prefix ? `${opts.prefix}/${p}` : p }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

export interface Progress {
  tick(n?: number, note?: string): void;
  done(note?: string): void;
}

export interface ProgressOptions {
  total: number;
  label: string;
  logger?: Logger;
  /** Force the TTY bar on/off; defaults to whether stderr is a TTY. */
  tty?: boolean;
  /** Minimum milliseconds between progress lines when not on a TTY. */
  intervalMs?: number;
}

/**
 * Progress that draws a bar on a TTY and prints periodic lines otherwise (cli-progress prints
 * almost nothing off a TTY, which leaves CI logs silent for minutes).
 */
export function createProgress(opts: ProgressOptions): Progress {
  const tty = opts.tty ?? Boolean(process.stderr.isTTY);
  const start = Date.now();
  let count = 0;
  if (tty) {
    const bar = new SingleBar(
      {
        format: `${opts.label} [{bar}] {value}/{total} {eta_formatted} {note}`,
        hideCursor: true,
        stream: process.stderr,
      },
      undefined,
    );
    bar.start(opts.total, 0, { note: '' });
    return {
      tick: (n = 1, note = '') => {
        count += n;
        bar.update(count, { note });
      },
      done: (note = '') => {
        bar.update(count, { note });
        bar.stop();
      },
    };
  }
  const log = opts.logger ?? createLogger();
  const interval = opts.intervalMs ?? 5000;
  let last = 0;
  return {
    tick: (n = 1, note = '') => {
      count += n;
      const now = Date.now();
      if (now - last >= interval || count === opts.total) {
        last = now;
        const el = (now - start) / 1000;
        const eta =
          count > 0 && count < opts.total ? `, ETA ${((el / count) * (opts.total - count)).toFixed(0)} s` : '';
        log.info(`${opts.label}: ${count}/${opts.total} (${el.toFixed(1)} s${eta})${note ? ' ' + note : ''}`);
      }
    },
    done: (note = '') =>
      log.info(
        `${opts.label}: done ${count}/${opts.total} in ${((Date.now() - start) / 1000).toFixed(1)} ` +
          `s${note ? ' ' + note : ''}`,
      ),
  };
}
