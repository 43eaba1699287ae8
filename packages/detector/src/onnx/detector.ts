import { existsSync } from 'node:fs';
import { createOrtSession, InputError, type Detection } from '@wsstad/core';
import { frameStream, type FrameInput } from '../frames';
import { classAwareNms } from '../nms';
import type { DetectOptions, DetectResult, Detector, OnnxDetectorConfig } from '../types';
import { decodeFasterRcnn, decodeYolo, type OutTensor } from './decode';
import { preprocess, toFrameBox } from './preprocess';

/**
 * A user-supplied ONNX detector on onnxruntime-node (CUDA when asked for and present, else CPU).
 * One frame per run: Faster R-CNN exports take one image, and YOLO exports usually have batch 1.
 */
export async function createOnnxDetector(c: OnnxDetectorConfig): Promise<Detector> {
  if (!existsSync(c.model))
    throw new InputError('ONNX model file not found', {
      file: c.model,
      hint: "set the detector's model to an existing .onnx file, e.g. --set model=models/yolov8n.onnx",
    });
  const { session, ort } = await createOrtSession(c.model, { device: c.device });
  const inputName = session.inputNames[0]!;
  // torchvision's detection exports take a [3, H, W] image; most others a [1, 3, H, W] batch.
  const meta = (session as unknown as { inputMetadata?: Array<{ shape?: unknown[] }> }).inputMetadata?.[0];
  const rank = Array.isArray(meta?.shape) ? meta!.shape!.length : 4;
  const dims = rank === 3 ? [3, c.inputHeight, c.inputWidth] : [1, 3, c.inputHeight, c.inputWidth];
  const decode = c.format === 'yolo' ? decodeYolo : decodeFasterRcnn;
  return {
    kind: 'onnx',
    name: `onnx-${c.format}`,
    async detect(input: FrameInput, opts: DetectOptions = {}): Promise<DetectResult> {
      const detections: Detection[] = [];
      let framesSeen = 0;
      for await (const f of frameStream(input, opts.signal)) {
        const { data, transform } = preprocess(f, c);
        const res = await session.run({ [inputName]: new ort.Tensor('float32', data, dims) });
        const outs: OutTensor[] = session.outputNames.map((name) => ({
          name,
          dims: res[name]!.dims,
          data: res[name]!.data as ArrayLike<number>,
        }));
        const cands = decode(outs, c).map((k) => ({ ...k, box: toFrameBox(k.raw, transform, f.width, f.height) }));
        const kept = classAwareNms(
          cands.filter((k) => k.box[2] > k.box[0] && k.box[3] > k.box[1]),
          c.iouThreshold,
          c.maxDetections,
        );
        for (const k of kept) detections.push({ frame: f.index, box: k.box, score: k.score, category: k.cls });
        framesSeen++;
        opts.onFrame?.(f, kept.length);
      }
      return { detections, framesSeen, suppressedFrames: 0, warnings: [] };
    },
    dispose() {
      void session.release?.();
    },
  };
}
