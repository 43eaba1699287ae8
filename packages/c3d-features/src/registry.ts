import {
  canonicalJson,
  lookup,
  NumericError,
  WHOLE_FRAME_SOURCE,
  type ClipFeatureColumns,
  type Logger,
  type Tube,
} from '@wsstad/core';
import type { VideoSource } from '@wsstad/video';
import { createC3dBackbone } from './c3d/backbone';
import { loadC3dModel } from './c3d/model';
import { extractClipFeatures } from './extract';
import { createHogHofMbhBackbone } from './hog/backbone';
import type { BackboneName, ClipBackbone, FeaturesConfig } from './types';

export interface BackboneEntry {
  doc: string;
  /** The config fields that define the backbone (the process-wide cache key). */
  key(cfg: FeaturesConfig): unknown;
  create(cfg: FeaturesConfig, log?: Logger): Promise<ClipBackbone>;
}

export const BACKBONES: Readonly<Record<BackboneName, BackboneEntry>> = Object.freeze({
  'hog-hof-mbh': {
    doc:
      'weight-free HOG + HOF + MBH with Farneback optical flow (OpenCV), pooled 3x3x2, plus ' +
      'velocity/acceleration/jitter statistics; 632-d by default',
    key: (c: FeaturesConfig) => ({ hog: c.hog, margin: c.contextMargin }),
    create: (c: FeaturesConfig) => createHogHofMbhBackbone(c.hog, c.contextMargin) as Promise<ClipBackbone>,
  },
  c3d: {
    doc:
      'C3D fc6 (4096-d, after ReLU) on onnxruntime-node from user weights (safetensors or ONNX); ' +
      'unavailable without them',
    key: (c: FeaturesConfig) => ({ c3d: c.c3d, margin: c.contextMargin }),
    async create(c: FeaturesConfig, log?: Logger) {
      const model = await loadC3dModel({
        onnx: c.c3d.onnx,
        weights: c.c3d.weights,
        device: c.c3d.device,
        threads: c.c3d.threads,
        log,
      });
      log?.info(`C3D from ${model.origin} on ${model.provider}`);
      return createC3dBackbone(model, {
        channelOrder: c.c3d.channelOrder,
        mean: c.c3d.mean,
        contextMargin: c.contextMargin,
        batchSize: c.c3d.batchSize,
      }) as ClipBackbone;
    },
  },
});

/** Create the configured backbone (new instance; the caller disposes it). */
export function createBackbone(cfg: FeaturesConfig, log?: Logger): Promise<ClipBackbone> {
  return lookup(BACKBONES, cfg.backbone, 'backbone').create(cfg, log);
}

/**
 * A process-wide backbone pool: models (61 M C3D parameters, the OpenCV runtime) load once per
 * process, not once per video. `dispose()` releases them all.
 */
export function createBackbonePool(): {
  get(cfg: FeaturesConfig, log?: Logger): Promise<ClipBackbone>;
  dispose(): void;
} {
  const pool = new Map<string, Promise<ClipBackbone>>();
  return {
    get(cfg, log) {
      const key = canonicalJson({ name: cfg.backbone, key: lookup(BACKBONES, cfg.backbone, 'backbone').key(cfg) });
      let p = pool.get(key);
      if (!p) {
        pool.set(key, (p = createBackbone(cfg, log)));
        p.catch(() => pool.delete(key));
      }
      return p;
    },
    dispose() {
      for (const p of pool.values())
        void p.then(
          (b) => b.dispose(),
          () => undefined,
        );
      pool.clear();
    },
  };
}

/** All clip features of one video (whole frame + every tube) from one pass over its frames; finite-checked. */
export async function computeClipFeatures(
  video: VideoSource,
  tubes: readonly Tube[],
  cfg: FeaturesConfig,
  backbone: ClipBackbone,
  opts: { log?: Logger; signal?: AbortSignal; onFrame?: (index: number) => void } = {},
): Promise<ClipFeatureColumns> {
  const cols = await extractClipFeatures(video, tubes, backbone, {
    grid: cfg.grid,
    wholeFrame: cfg.wholeFrame,
    log: opts.log,
    signal: opts.signal,
    onFrame: opts.onFrame,
  });
  assertFiniteClipFeatures(cols, video.uri);
  return cols;
}

/** NaN/Inf never reach an artifact: name the clip that produced one. */
export function assertFiniteClipFeatures(c: ClipFeatureColumns, file: string): void {
  for (let i = 0; i < c.features.length; i++) {
    if (!Number.isFinite(c.features[i]!)) {
      const r = Math.floor(i / c.dim);
      const src = c.source[r] === WHOLE_FRAME_SOURCE ? 'the whole frame' : `tube ${c.source[r]}`;
      throw new NumericError(
        `non-finite feature value ${c.features[i]} (dimension ${i % c.dim}) in the clip of ${src}, ` +
          `frames [${c.clipStart[r]}, ${c.clipEnd[r]}), backbone ${c.backbone}`,
        {
          file,
          hint: 'check the backbone weights (NaN in the weights file?) and the input frames; nothing was written',
        },
      );
    }
  }
}
