import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ConfigError } from '@wsstad/core';

/**
 * `--frame-scores`: `csv` / `parquet` (file named after the video in the working directory) or a path ending in .csv /
 * .parquet.
 */
export function frameScoresTarget(value: string, videoId: string): { path: string; format: 'csv' | 'parquet' } {
  if (value === 'csv' || value === 'parquet')
    return { path: join(process.cwd(), `${videoId}.frame-scores.${value}`), format: value };
  const ext = extname(value).toLowerCase();
  if (ext === '.csv') return { path: value, format: 'csv' };
  if (ext === '.parquet') return { path: value, format: 'parquet' };
  throw new ConfigError(
    `--frame-scores ${JSON.stringify(value)}: give csv, parquet, or a file name ending in .csv or .parquet`,
    { hint: '--frame-scores csv  or  --frame-scores out/scores.parquet' },
  );
}

/** CSV of per-frame scores: frame, time in seconds, score, whether the frame is above the threshold. */
export function frameScoresCsv(scores: ArrayLike<number>, fps: number | undefined, threshold: number | null): string {
  const lines = ['frame,time_s,score,above_threshold'];
  for (let f = 0; f < scores.length; f++) {
    const s = scores[f]!;
    lines.push(
      `${f},${fps ? (f / fps).toFixed(3) : ''},${s.toFixed(6)},${threshold === null ? '' : s > threshold ? 1 : 0}`,
    );
  }
  return lines.join('\n') + '\n';
}

export function writeFrameScoresCsv(
  path: string,
  scores: ArrayLike<number>,
  fps: number | undefined,
  threshold: number | null,
): void {
  writeFileSync(path, frameScoresCsv(scores, fps, threshold));
}

/** onnxruntime can leave `mat-debug-<pid>.log` in the working directory; remove the one of this process. */
export function removeOrtDebugLog(cwd = process.cwd(), pid = process.pid): boolean {
  const p = join(cwd, `mat-debug-${pid}.log`);
  if (!existsSync(p)) return false;
  rmSync(p, { force: true });
  return true;
}

export const fmtTime = (sec: number | null, frame: number): string =>
  sec === null ? `f${frame}` : `${sec.toFixed(1)}s`;

/** A score for people: 3 decimals, or 3 significant digits when that would print 0.000 (a saturated sigmoid). */
export const fmtScore = (v: number): string => (v === 0 || Math.abs(v) >= 0.0005 ? v.toFixed(3) : v.toPrecision(3));
