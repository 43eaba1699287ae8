import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '@wsstad/core';
import { createSyntheticSource } from '../synth/source';
import type { VideoSource } from '../types';
import { openFfmpegSource, type FfmpegLocator } from './ffmpeg';
import type { PartialDecodePolicy } from './partial';
import { openY4m } from './y4m';

export interface OpenVideoOptions extends PartialDecodePolicy {
  /** Directory relative URIs resolve against (the manifest's directory). */
  baseDir?: string;
  /** Resample to this frame rate (ffmpeg sources only; synthetic and Y4M keep their own). */
  fps?: number;
  /** Scale to this size (ffmpeg sources only). Give one of them to keep the aspect ratio. */
  width?: number;
  height?: number;
  /** Explicit ffmpeg binary (else env WSSTAD_FFMPEG, else `ffmpeg` on PATH, else @ffmpeg-installer/ffmpeg). */
  ffmpegPath?: string;
  /** Replace how the fallbacks are found (tests). */
  locator?: FfmpegLocator;
  /** Where partial-decode and ffmpeg warnings go (ffmpeg sources; default: one line on stderr). */
  onWarning?: (message: string) => void;
}

/**
 * Open a video by URI: `*.scene.json` -> synthetic renderer; `*.y4m` -> built-in Y4M reader;
 * anything else -> ffmpeg decoding in a child process. Frames are streamed.
 */
export async function openVideo(uri: string, opts: OpenVideoOptions = {}): Promise<VideoSource> {
  const path = isAbsolute(uri) ? uri : resolve(opts.baseDir ?? '.', uri);
  if (!existsSync(path))
    throw new InputError('video file not found', { file: path, hint: 'check the manifest uri and its baseDir' });
  if (!statSync(path).isFile())
    throw new InputError('not a regular file', { file: path, hint: 'point the uri at a video file' });
  const lower = path.toLowerCase();
  if (lower.endsWith('.scene.json')) return createSyntheticSource(path);
  if (lower.endsWith('.y4m')) return openY4m(path);
  return openFfmpegSource(path, opts);
}
