import { area, ConfigError, type Detection } from '@wsstad/core';
import { frameStream, type FrameInput } from './frames';
import type { DetectOptions, DetectResult, Detector, OracleConfig } from './types';

/**
 * The oracle: ground-truth object boxes (GroundTruth.objects) of the frames it is given, as
 * detections with score 1. It READS THE GROUND TRUTH: for ablations and for measuring the tube
 * linker in isolation, never for reporting the method's results.
 */
export function createOracleDetector(config: OracleConfig): Detector {
  return {
    kind: 'oracle',
    name: 'oracle',
    async detect(input: FrameInput, opts: DetectOptions = {}): Promise<DetectResult> {
      const gt = opts.groundTruth;
      if (!gt?.objects) {
        const none = gt ? ` and the ground truth of '${gt.videoId}' has none` : '';
        throw new ConfigError(`the oracle detector needs per-object ground truth (GroundTruth.objects)${none}`, {
          hint:
            'give the video entry a groundTruth file with objects (the synthetic benchmark writes ' +
            'them), or pick another detector, e.g. background-subtraction',
        });
      }
      const byFrame = new Map<number, Detection[]>();
      for (const o of gt.objects) {
        if (area(o.box) < config.minArea) continue;
        let list = byFrame.get(o.frame);
        if (!list) byFrame.set(o.frame, (list = []));
        list.push({ frame: o.frame, box: [...o.box] as unknown as Detection['box'], score: 1, category: o.category });
      }
      const detections: Detection[] = [];
      let framesSeen = 0;
      // Iterating the frames (not just the ground truth) keeps the stride and range semantics of the real detectors.
      for await (const f of frameStream(input, opts.signal)) {
        framesSeen++;
        const d = byFrame.get(f.index) ?? [];
        detections.push(...d);
        opts.onFrame?.(f, d.length);
      }
      return { detections, framesSeen, suppressedFrames: 0, warnings: [] };
    },
    dispose() {},
  };
}
