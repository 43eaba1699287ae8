import { ConfigError, InputError } from '@wsstad/core';
import { DEFAULT_PARTIAL_DECODE } from '../defaults';

/** The partial-decode policy (defaults: DEFAULT_PARTIAL_DECODE). */
export interface PartialDecodePolicy {
  partialDecode?: 'warn' | 'fail';
  partialDecodeTolerance?: number;
  partialDecodeFailBelow?: number;
}

/**
 * Options over env WSSTAD_PARTIAL_DECODE ('warn' | 'fail', for stages and commands that open
 * videos without passing options) over DEFAULT_PARTIAL_DECODE.
 */
export function normalizePartialDecode(p: PartialDecodePolicy = {}): Required<PartialDecodePolicy> {
  const env = process.env.WSSTAD_PARTIAL_DECODE;
  const r = {
    ...DEFAULT_PARTIAL_DECODE,
    ...(env ? { partialDecode: env } : {}),
    ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
  } as Required<PartialDecodePolicy>;
  if (r.partialDecode !== 'warn' && r.partialDecode !== 'fail')
    throw new ConfigError(`partialDecode must be 'warn' or 'fail', got ${JSON.stringify(r.partialDecode)}`, {
      hint: "partialDecode: 'fail' (or env WSSTAD_PARTIAL_DECODE=fail)",
    });
  for (const k of ['partialDecodeTolerance', 'partialDecodeFailBelow'] as const) {
    if (!(typeof r[k] === 'number' && r[k] >= 0 && r[k] <= 1))
      throw new ConfigError(`${k} must be a share in [0, 1], got ${JSON.stringify(r[k])}`, {
        hint: `${k}: ${DEFAULT_PARTIAL_DECODE[k]}`,
      });
  }
  return r;
}

/** ffmpeg's stderr (at -loglevel warning) as distinct message lines, progress lines dropped. */
export function ffmpegWarnings(stderr: string, max = 4): string[] {
  const lines = stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter((l) => l && !/^frame=\s*\d+/.test(l) && !/^video:\d+/.test(l));
  return [...new Set(lines)].slice(0, max);
}

/**
 * Decide about a decode that produced `decoded` frames where the container declares `expected`
 * (NaN when it does not say): undefined when within tolerance; a warning message under 'warn'
 * above `partialDecodeFailBelow`; otherwise an InputError naming the file, the counts and the fix.
 */
export function partialDecodeVerdict(
  file: string,
  decoded: number,
  expected: number,
  warnings: string[],
  policy: PartialDecodePolicy = {},
): string | undefined {
  const p = normalizePartialDecode(policy);
  if (!(expected > 0) || decoded >= expected) return undefined;
  const missing = expected - decoded;
  if (missing <= Math.max(1, p.partialDecodeTolerance * expected)) return undefined;
  const share = decoded / expected;
  const ffmpegSays = warnings.length ? ` (ffmpeg: ${warnings.join(' | ')})` : '';
  const what =
    `decoded ${decoded} of the ${expected} frames the container declares (${(100 * share).toFixed(0)}%): ` +
    `the file is truncated or corrupt${ffmpegSays}`;
  if (p.partialDecode === 'fail' || share < p.partialDecodeFailBelow) {
    const why =
      p.partialDecode === 'fail'
        ? "partialDecode is 'fail'"
        : `below partialDecodeFailBelow ${p.partialDecodeFailBelow}`;
    throw new InputError(`${what}; ${why}`, {
      file,
      hint: 're-download or re-encode the video (ffmpeg -i in.mp4 -c:v libx264 out.mp4), or drop it from the manifest',
    });
  }
  return (
    `${file}: ${what}; using the ${decoded} frames decoded (partialDecode 'warn'; set it to 'fail' to ` +
    `refuse such files, or re-encode the video)`
  );
}
