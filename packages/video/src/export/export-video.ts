import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '@wsstad/core';
import { locateFfmpeg, type FfmpegLocator } from '../sources/ffmpeg';
import type { FrameRange, VideoSource } from '../types';
import { drawOverlays, type Overlay } from './overlay';

export interface ExportOptions {
  overlays?: readonly Overlay[];
  range?: FrameRange;
  /** Output frame rate (default the source's). */
  fps?: number;
  /** Constant rate factor for libx264 (lower = better), default 18. */
  crf?: number;
  ffmpegPath?: string;
  locator?: FfmpegLocator;
}

const encoders = new Map<string, string>();

/** libx264 when the ffmpeg build has it, else the built-in mpeg4 encoder. */
export function pickEncoder(bin: string): string {
  if (!encoders.has(bin)) {
    const r = spawnSync(bin, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 15000 });
    encoders.set(bin, /\blibx264\b/.test(r.stdout ?? '') ? 'libx264' : 'mpeg4');
  }
  return encoders.get(bin)!;
}

/**
 * Encode a video (any VideoSource) with overlays to mp4: raw RGB frames go to ffmpeg's stdin, with
 * backpressure (we wait for 'drain'). Returns the number of frames written.
 */
export async function exportVideo(source: VideoSource, outPath: string, opts: ExportOptions = {}): Promise<number> {
  const bin = locateFfmpeg(opts.ffmpegPath, opts.locator);
  const { width: W, height: H } = source.info;
  const fps = opts.fps ?? source.info.fps;
  const enc = pickEncoder(bin);
  mkdirSync(dirname(outPath), { recursive: true });
  const codec =
    enc === 'libx264'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(opts.crf ?? 18)]
      : ['-c:v', 'mpeg4', '-q:v', '3'];
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${W}x${H}`,
    '-r',
    String(fps),
    '-i',
    '-',
    '-vf',
    'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    ...codec,
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    outPath,
  ];
  const proc = spawn(bin, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  proc.stdin.on('error', () => undefined); // EPIPE when ffmpeg dies early: reported through its exit code
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((res, rej) => {
    proc.on('close', res);
    proc.on('error', rej);
  });
  let n = 0;
  try {
    for await (const fr of source.frames(opts.range)) {
      const px = drawOverlays(fr, opts.overlays ?? []);
      if (!proc.stdin.write(px)) await new Promise<void>((res) => proc.stdin.once('drain', () => res()));
      n++;
    }
  } finally {
    proc.stdin.end();
  }
  const code = await exited;
  if (code !== 0)
    throw new InputError(
      `ffmpeg could not encode the video (${stderr.trim().split('\n').slice(-2).join(' | ') || `exit ${code}`})`,
      { file: outPath },
    );
  return n;
}
