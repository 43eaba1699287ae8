import type { Box } from '@wsstad/core';

/** Name of a registered backbone (see BACKBONES). */
export type BackboneName = 'hog-hof-mbh' | 'c3d';

/** The clip grid: whole-frame clips start at frame 0, region clips at the tube's first frame. */
export interface ClipGridConfig {
  clipLength: number;
  stride: number;
  minTailFrames: number;
}

export interface HogHofMbhConfig {
  tubeSize: number;
  frameWidth: number;
  frameHeight: number;
  gridX: number;
  gridY: number;
  temporalCells: number;
  hogWeight: number;
  flow: FarnebackParams;
}

export interface FarnebackParams {
  pyrScale: number;
  levels: number;
  winsize: number;
  iterations: number;
  polyN: number;
  polySigma: number;
}

export interface C3dConfig {
  /** Path of a safetensors file with the PyTorch-port tensor names (conv1.weight, ..., fc6.bias). */
  weights: string | null;
  /** Path of a user ONNX model: input [N,3,16,112,112], output [N,4096]. */
  onnx: string | null;
  channelOrder: 'rgb' | 'bgr';
  mean: [number, number, number];
  batchSize: number;
  device: 'auto' | 'cpu' | 'cuda';
  threads: number;
}

/** Normalised params of the features stage (what gets hashed into cache keys). */
export interface FeaturesConfig {
  backbone: BackboneName;
  grid: ClipGridConfig;
  /** Square context around each tube box, as a fraction of the box's longer side. */
  contextMargin: number;
  /** Whether whole-frame clips (source -1) are computed (needed by videolets and image-level instances). */
  wholeFrame: boolean;
  hog: HogHofMbhConfig;
  c3d: C3dConfig;
}

/** One decoded frame seen by a backbone; gray is computed at most once per frame. */
export interface FrameView {
  index: number;
  width: number;
  height: number;
  rgb: Uint8Array;
  gray(): Uint8Array;
}

/** Where a backbone reads pixels: the whole frame (box null) or a tube's box in this frame. */
export interface RegionInput {
  box: Box | null;
  /** First frame of this region's stream: no motion is measured into it. */
  first: boolean;
}

/**
 * A clip backbone: cheap per-frame work on one region (`frameRecord`, called once per frame per
 * region in frame order), then one feature per clip from that clip's records. The driver keeps
 * at most clipLength records per region, never frames.
 */
export interface ClipBackbone<R = unknown> {
  /** Written into the artifact's backbone metadata, e.g. 'hog-hof-mbh-v1/3x3x2'. */
  readonly id: string;
  readonly dim: number;
  /** How many clips the driver collects before calling clipFeatures. */
  readonly batchSize: number;
  frameRecord(cur: FrameView, prev: FrameView | null, region: RegionInput): R;
  /** Each clip is its real frames' records (1..clipLength of them), in frame order. */
  clipFeatures(clips: ReadonlyArray<readonly R[]>): Promise<Float32Array[]>;
  dispose(): void;
}

/** Params of the `import-features` stage (public feature releases as the pipeline's clip features). */
export interface ImportFeaturesConfig {
  /**
   * 'sultani-txt': 32 lines x D floats per video (Sultani et al.'s C3D); 'rtfm-npy': [T, 10, D] or [T, D] .npy
   * (RTFM's I3D).
   */
  format: 'sultani-txt' | 'rtfm-npy';
  /** Folder of the feature files; relative to the dataset manifest's folder (or absolute). */
  dir: string;
  /** File name under `dir`; placeholders {id} {name} {category} {split} {folder}. */
  pattern: string;
  /**
   * Optional text file of frame counts (`<video> <frames>` per line), relative to the manifest's folder; null = none.
   */
  frameCounts: string | null;
  /** Temporal instances (videolets): 'release' = one per release row, or N groups of consecutive rows. */
  segments: 'release' | number;
  /** Expected feature dimension; null = whatever the files hold (all videos must agree with the model). */
  dim: number | null;
  /** Frame rate recorded in the artifacts' video info (report time axes). */
  fps: number;
}
