import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@wsstad/core';
import { RELEASE_CLIP_FRAMES, SULTANI_SEGMENTS } from './public';

/** What `writeFakeUcfCrime` writes (names relative to its root). */
export interface FakeUcfCrime {
  root: string;
  /** Video file names per split and label. */
  videos: Array<{
    file: string;
    folder: string;
    split: 'train' | 'test';
    abnormal: boolean;
    frames: number;
    segments: number[];
  }>;
}

/**
 * A tiny UCF-Crime layout for tests and demos, in the official file formats, WITHOUT videos:
 * `Anomaly_Train.txt`, `Anomaly_Test.txt`, `Temporal_Anomaly_Annotation_for_Testing_Videos.txt`,
 * `frame_counts.txt` and Sultani-format `features/<video>.txt` (32 lines x `dim` floats). Features
 * are seeded Gaussian noise; in abnormal videos the segments of the event (a run of 3-6 of the 32
 * segments; for test videos exactly the annotated interval's segments) get `signal` added to
 * their first `dim / 4` dimensions, so a model that learns anything separates them.
 */
export function writeFakeUcfCrime(
  root: string,
  opts: { trainPerLabel?: number; testPerLabel?: number; dim?: number; signal?: number; seed?: number } = {},
): FakeUcfCrime {
  const { trainPerLabel = 4, testPerLabel = 2, dim = 16, signal = 2, seed = 0 } = opts;
  const rng = new Rng(`fake-ucf-crime/${seed}`);
  mkdirSync(join(root, 'features'), { recursive: true });
  const videos: FakeUcfCrime['videos'] = [];
  const lists = { train: [] as string[], test: [] as string[] };
  const annotations: string[] = [];
  const counts: string[] = ['video frames'];
  let k = 0;
  for (const split of ['train', 'test'] as const) {
    for (const abnormal of [true, false]) {
      for (let i = 0; i < (split === 'train' ? trainPerLabel : testPerLabel); i++, k++) {
        const stem = abnormal
          ? `Abuse${String(k + 1).padStart(3, '0')}_x264`
          : split === 'train'
            ? `Normal_Videos${String(k + 1).padStart(3, '0')}_x264`
            : `Normal_Videos_${String(k + 1).padStart(3, '0')}_x264`;
        const folder = abnormal
          ? 'Abuse'
          : split === 'train'
            ? 'Training_Normal_Videos_Anomaly'
            : 'Testing_Normal_Videos_Anomaly';
        const frames = RELEASE_CLIP_FRAMES * rng.int(48, 80) + rng.int(0, 15);
        // Sultani's mapping of the 32 segments onto the C = floor(frames / 16) clips
        const C = Math.floor(frames / RELEASE_CLIP_FRAMES);
        const seg = (s: number): [number, number] => [
          Math.round((s * C) / SULTANI_SEGMENTS) * RELEASE_CLIP_FRAMES,
          Math.round(((s + 1) * C) / SULTANI_SEGMENTS) * RELEASE_CLIP_FRAMES,
        ];
        const first = rng.int(4, 22);
        const segments = abnormal ? Array.from({ length: rng.int(3, 6) }, (_, j) => first + j) : [];
        const rows = Array.from({ length: SULTANI_SEGMENTS }, (_, s) =>
          Array.from(
            { length: dim },
            (_, d) => rng.normal() + (segments.includes(s) && d < Math.max(1, dim / 4) ? signal : 0),
          )
            .map((x) => x.toFixed(5))
            .join(' '),
        );
        writeFileSync(join(root, 'features', `${stem}.txt`), rows.join('\n') + '\n');
        lists[split].push(`${folder}/${stem}.mp4`);
        counts.push(`${stem}.mp4 ${frames}`);
        if (split === 'test') {
          // 1-based inclusive frame numbers, as the official file
          annotations.push(
            abnormal
              ? `${stem}.mp4  Abuse  ${seg(segments[0]!)[0] + 1}  ${seg(segments[segments.length - 1]!)[1]}  -1  -1`
              : `${stem}.mp4  Normal  -1  -1  -1  -1`,
          );
        }
        videos.push({ file: `${stem}.mp4`, folder, split, abnormal, frames, segments });
      }
    }
  }
  writeFileSync(join(root, 'Anomaly_Train.txt'), lists.train.join('\n') + '\n');
  writeFileSync(join(root, 'Anomaly_Test.txt'), lists.test.join('\n') + '\n');
  writeFileSync(join(root, 'Temporal_Anomaly_Annotation_for_Testing_Videos.txt'), annotations.join('\n') + '\n');
  writeFileSync(join(root, 'frame_counts.txt'), counts.join('\n') + '\n');
  return { root, videos };
}
