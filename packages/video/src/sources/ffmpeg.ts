import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InputError, UnavailableError } from '@wsstad/core';
import { clampRange } from '../synth/source';
import type { Frame, FrameRange, VideoSource } from '../types';
import { ffmpegWarnings, normalizePartialDecode, partialDecodeVerdict, type PartialDecodePolicy } from './partial';

/**
 * Where the ffmpeg fallbacks come from. Each returns a candidate path or undefined. Tests replace
 * them to simulate a machine without ffmpeg.
 */
export interface FfmpegLocator {
  /** Default: process.env.WSSTAD_FFMPEG. */
  env?: () => string | undefined;
  /** Default: `ffmpeg` found on PATH. */
  system?: () => string | undefined;
  /** Default: require('@ffmpeg-installer/ffmpeg').path. */
  bundled?: () => string | undefined;
}

const works = new Map<string, string | null>();

/** Run `<path> -version`; null when it works, else why not (cached per path). */
function check(path: string): string | null {
  if (!works.has(path)) {
    const r = spawnSync(path, ['-hide_banner', '-version'], { timeout: 15000, stdio: ['ignore', 'pipe', 'pipe'] });
    works.set(
      path,
      r.error
        ? ((r.error as NodeJS.ErrnoException).code ?? r.error.message)
        : r.status === 0
          ? null
          : `exit ${r.status}`,
    );
  }
  return works.get(path)!;
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function bundledPath(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return undefined;
  }
}

/**
 * Find a working ffmpeg: the explicit option, else env WSSTAD_FFMPEG, else `ffmpeg` on PATH, else
 * the binary shipped in @ffmpeg-installer/ffmpeg. UnavailableError naming all three otherwise.
 */
export function locateFfmpeg(explicit?: string, locator: FfmpegLocator = {}): string {
  const tried: string[] = [];
  const candidates: Array<[string, string | undefined]> = [
    ['option ffmpegPath', explicit],
    ['env WSSTAD_FFMPEG', (locator.env ?? (() => process.env.WSSTAD_FFMPEG))()],
    ["'ffmpeg' on PATH", (locator.system ?? onPath)()],
    ['npm package @ffmpeg-installer/ffmpeg', (locator.bundled ?? bundledPath)()],
  ];
  for (const [what, p] of candidates) {
    if (!p) {
      tried.push(`${what}: not set/found`);
      continue;
    }
    const why = check(p);
    if (why === null) return p;
    tried.push(`${what}: ${p} does not run (${why})`);
  }
  throw new UnavailableError(`ffmpeg is not available; tried ${tried.join('; ')}`, {
    hint:
      'set WSSTAD_FFMPEG=/path/to/ffmpeg (or the ffmpegPath option), install ffmpeg on PATH, or `npm ' +
      'install @ffmpeg-installer/ffmpeg`',
  });
}

export interface VideoProbe {
  width: number;
  height: number;
  fps: number;
  /** Seconds (NaN when the container does not say). */
  duration: number;
  /** Counted by reading the video stream's packets (exact for normal files). */
  frameCount: number;
  /** Frames the container declares: round(duration x fps) at the probed (or resampled) rate; NaN when unknown. */
  expectedFrames: number;
  /** What ffmpeg reported while reading the stream (-loglevel warning), e.g. "partial file". */
  warnings: string[];
  codec: string;
}

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(bin: string, args: string[]): Promise<RunResult> {
  return new Promise((res, rej) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [],
      err: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
}

const lastLines = (s: string, n = 3): string => s.trim().split('\n').slice(-n).join(' | ');

/** Duration, fps, size and frame count of a video file, via ffmpeg. InputError for non-videos. */
export async function probeVideo(
  path: string,
  opts: { ffmpegPath?: string; locator?: FfmpegLocator; fps?: number } = {},
): Promise<VideoProbe> {
  if (!existsSync(path)) throw new InputError('video file not found', { file: path });
  const bin = locateFfmpeg(opts.ffmpegPath, opts.locator);
  const info = await run(bin, ['-hide_banner', '-nostdin', '-i', path]);
  const stream = /Stream #\d+:\d+[^\n]*?: Video: ([^\s,]+)[^\n]*?, (\d{1,5})x(\d{1,5})/.exec(info.stderr);
  if (!stream)
    throw new InputError(`not a readable video (${lastLines(info.stderr, 1) || 'no video stream'})`, {
      file: path,
      hint: 'check the file plays; re-encode it with ffmpeg',
    });
  const line = info.stderr.slice(stream.index).split('\n')[0]!;
  const fps = Number(/, ([\d.]+) fps/.exec(line)?.[1] ?? /, ([\d.]+) tbr/.exec(line)?.[1] ?? NaN);
  const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(info.stderr);
  const duration = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : NaN;
  // Count frames by reading the stream (with a resampling filter: by decoding through it).
  // -loglevel warning keeps the "partial file" / "Invalid data" lines ffmpeg would otherwise drown in info output.
  const countArgs = opts.fps ? ['-vf', `fps=${opts.fps}`, '-f', 'null', '-'] : ['-c', 'copy', '-f', 'null', '-'];
  const cnt = await run(bin, [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'warning',
    '-stats',
    '-i',
    path,
    '-map',
    '0:v:0',
    ...countArgs,
  ]);
  const frames = [...cnt.stderr.matchAll(/frame=\s*(\d+)/g)];
  if (cnt.code !== 0 || frames.length === 0)
    throw new InputError(`cannot read the video stream (${lastLines(cnt.stderr)})`, {
      file: path,
      hint: 'the file may be truncated or corrupt; re-encode it',
    });
  if (!(fps > 0))
    throw new InputError('cannot determine the frame rate', {
      file: path,
      hint: 'pass fps explicitly (openVideo(uri, { fps }))',
    });
  const expectedFrames = Number.isFinite(duration) && duration > 0 ? Math.round(duration * (opts.fps ?? fps)) : NaN;
  return {
    width: Number(stream[2]),
    height: Number(stream[3]),
    fps,
    duration,
    frameCount: Number(frames[frames.length - 1]![1]),
    expectedFrames,
    warnings: ffmpegWarnings(cnt.stderr),
    codec: stream[1]!,
  };
}

const even = (v: number): number => Math.max(2, 2 * Math.round(v / 2));

export interface FfmpegSourceOptions extends PartialDecodePolicy {
  fps?: number;
  width?: number;
  height?: number;
  ffmpegPath?: string;
  locator?: FfmpegLocator;
  /** Where partial-decode warnings and ffmpeg's own warnings go (default: one line on stderr). */
  onWarning?: (message: string) => void;
}

const stderrWarning = (m: string): void => {
  process.stderr.write(`warning: ${m}\n`);
};

/**
 * A VideoSource decoding a file with ffmpeg (`-f rawvideo -pix_fmt rgb24` on stdout, streamed).
 * Partial files (fewer frames than the container declares) are caught at open time and again
 * after a full decode, and handled per the partial-decode policy (DEFAULT_PARTIAL_DECODE).
 */
export async function openFfmpegSource(path: string, opts: FfmpegSourceOptions = {}): Promise<VideoSource> {
  const bin = locateFfmpeg(opts.ffmpegPath, opts.locator);
  const policy = normalizePartialDecode(opts);
  const warn = opts.onWarning ?? stderrWarning;
  const probe = await probeVideo(path, { ffmpegPath: bin, fps: opts.fps });
  const warnings: string[] = [];
  const report = (m: string | undefined) => {
    if (m && !warnings.includes(m)) {
      warnings.push(m);
      warn(m);
    }
  };
  report(partialDecodeVerdict(path, probe.frameCount, probe.expectedFrames, probe.warnings, policy));
  const partialAtOpen = warnings.length > 0;
  if (!warnings.length && probe.warnings.length)
    report(`${path}: ffmpeg reported while reading: ${probe.warnings.join(' | ')}`);
  let width = probe.width,
    height = probe.height;
  if (opts.width && opts.height) {
    width = opts.width;
    height = opts.height;
  } else if (opts.width) {
    width = opts.width;
    height = even((probe.height * opts.width) / probe.width);
  } else if (opts.height) {
    height = opts.height;
    width = even((probe.width * opts.height) / probe.height);
  }
  const fps = opts.fps ?? probe.fps;
  const filters = [
    ...(opts.fps ? [`fps=${opts.fps}`] : []),
    ...(width !== probe.width || height !== probe.height ? [`scale=${width}:${height}`] : []),
  ];
  const live = new Set<ReturnType<typeof spawn>>();
  const frameBytes = width * height * 3;
  return {
    uri: path,
    info: { width, height, fps, frameCount: probe.frameCount },
    warnings,
    frames(range?: FrameRange): AsyncIterable<Frame> {
      const { start, end, stride } = clampRange(range, probe.frameCount);
      return {
        async *[Symbol.asyncIterator]() {
          if (start >= end) return;
          const args = [
            '-hide_banner',
            '-loglevel',
            'warning',
            '-nostdin',
            '-i',
            path,
            '-map',
            '0:v:0',
            ...(filters.length ? ['-vf', filters.join(',')] : []),
            '-f',
            'rawvideo',
            '-pix_fmt',
            'rgb24',
            '-',
          ];
          const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
          live.add(proc);
          let stderr = '';
          proc.stderr.on('data', (c: Buffer) => {
            stderr = (stderr + c.toString()).slice(-4000);
          });
          const exited = new Promise<number | null>((res) => proc.on('close', (code) => res(code)));
          const spawnError = new Promise<never>((_, rej) => proc.on('error', rej));
          spawnError.catch(() => undefined);
          let buf = Buffer.allocUnsafe(frameBytes),
            filled = 0,
            index = 0,
            stopped = false;
          try {
            // Async iteration pulls one chunk at a time: ffmpeg blocks on a full pipe (backpressure).
            for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
              let off = 0;
              while (off < chunk.length) {
                const n = Math.min(frameBytes - filled, chunk.length - off);
                chunk.copy(buf, filled, off, off + n);
                filled += n;
                off += n;
                if (filled === frameBytes) {
                  if (index >= start && (index - start) % stride === 0 && index < end) {
                    yield {
                      index,
                      timestamp: index / fps,
                      width,
                      height,
                      data: new Uint8Array(buf.buffer, buf.byteOffset, frameBytes),
                    };
                    buf = Buffer.allocUnsafe(frameBytes);
                  }
                  index++;
                  filled = 0;
                  if (index >= end) {
                    stopped = true;
                    break;
                  }
                }
              }
              if (stopped) break;
            }
            if (!stopped) {
              const code = await Promise.race([exited, spawnError]);
              if (code !== 0)
                throw new InputError(
                  `ffmpeg failed while decoding at frame ${index} (${lastLines(stderr) || `exit ${code}`})`,
                  { file: path, hint: 'the file may be truncated or corrupt' },
                );
              // A full decode that ended early (ffmpeg exits 0 on "Invalid data"): same policy, against the container.
              if (!partialAtOpen && start === 0 && end >= probe.frameCount) {
                report(
                  partialDecodeVerdict(
                    path,
                    index,
                    Number.isFinite(probe.expectedFrames) ? probe.expectedFrames : probe.frameCount,
                    ffmpegWarnings(stderr),
                    policy,
                  ),
                );
              }
            }
          } finally {
            if (proc.exitCode === null) proc.kill('SIGKILL');
            live.delete(proc);
          }
        },
      };
    },
    close() {
      for (const p of live) p.kill('SIGKILL');
      live.clear();
    },
  };
}
