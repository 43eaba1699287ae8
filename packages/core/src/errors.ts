/**
 * Typed error hierarchy shared by every package. Messages follow one rule: say what was wrong,
 * what is allowed, and an example or the fix, so a user never has to read a stack trace.
 */
export interface ErrorDetails {
  /** The file (video, artifact, config) the problem is about, when there is one. */
  file?: string;
  /** What to do about it. */
  hint?: string;
  cause?: unknown;
}

export class WsstadError extends Error {
  readonly file?: string;
  readonly hint?: string;
  constructor(message: string, details: ErrorDetails = {}) {
    super(compose(message, details), details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.file = details.file;
    this.hint = details.hint;
  }
}

function compose(message: string, d: ErrorDetails): string {
  const parts = [d.file ? `${d.file}: ${message}` : message];
  if (d.hint) parts.push(`Fix: ${d.hint}`);
  return parts.join('\n');
}

/** A config value, CLI option or pipeline key is missing, malformed or out of range. */
export class ConfigError extends WsstadError {}

/** An artifact is missing, truncated, corrupt, of the wrong kind, or fails validation. */
export class ArtifactError extends WsstadError {}

/** An input video or dataset entry cannot be read (missing, corrupt, too short, not a video). */
export class InputError extends WsstadError {}

/** A required external resource (ffmpeg, model weights, a backend) is not available. */
export class UnavailableError extends WsstadError {}

/** Numerical failure: NaN or Inf where finite values are required. */
export class NumericError extends WsstadError {}

/** A pipeline stage failed for one video or for the whole dataset; `cause` holds the original. */
export class StageFailedError extends WsstadError {
  readonly stage: string;
  readonly videoId?: string;
  constructor(stage: string, videoId: string | undefined, cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    super(`stage '${stage}' failed${videoId ? ` for video '${videoId}'` : ''}: ${inner}`, { cause });
    this.stage = stage;
    this.videoId = videoId;
  }
}

/** Throws a ConfigError listing the valid names when `name` is not a key of `registry`. */
export function lookup<T>(registry: Readonly<Record<string, T>>, name: string, what: string): T {
  if (!Object.prototype.hasOwnProperty.call(registry, name)) {
    const valid = Object.keys(registry).sort();
    throw new ConfigError(`unknown ${what} '${name}'; valid: ${valid.join(', ')}`, {
      hint: `use one of the listed names, e.g. '${valid[0] ?? ''}'`,
    });
  }
  return registry[name] as T;
}

/**
 * Why reading a JSON file failed, without quoting it: Node's JSON.parse messages include the first
 * bytes of the input, and the file may not be what its name says (a mistyped path to /etc/passwd).
 */
export function describeJsonError(e: unknown): string {
  const err = e as NodeJS.ErrnoException | undefined;
  if (err?.code === 'ENOENT') return 'the file does not exist';
  if (err?.code) return `cannot read the file (${err.code})`;
  const msg = String(err?.message ?? '');
  if (/Unexpected end of JSON input/.test(msg)) return 'not valid JSON (it ends early: truncated?)';
  const pos = /at position (\d+)/.exec(msg)?.[1];
  return `not valid JSON${pos !== undefined ? ` (at byte ${pos})` : ''}`;
}
