import type { C3dConfig, ClipGridConfig, FeaturesConfig, HogHofMbhConfig, ImportFeaturesConfig } from './types';

export const DEFAULT_CLIP_GRID: ClipGridConfig = Object.freeze({
  /** Frames per clip (C3D takes 16). */
  clipLength: 16,
  /** Frames between clip starts; 16 = non-overlapping, the paper's grid. */
  stride: 16,
  /** A trailing partial clip shorter than this is dropped, unless it is the source's only clip. */
  minTailFrames: 4,
}) as ClipGridConfig;

export const DEFAULT_HOG_HOF_MBH: HogHofMbhConfig = Object.freeze({
  /** Side of the square working crop of a tube region (pixels). */
  tubeSize: 32,
  /** Working width of a whole frame. */
  frameWidth: 64,
  /** Working height of a whole frame. */
  frameHeight: 48,
  /** Spatial cells across. */
  gridX: 3,
  /** Spatial cells down. */
  gridY: 3,
  /** Temporal cells per clip (Wang et al. use 3 over 15 frames; 2 over 16 here). */
  temporalCells: 2,
  /** Scale of the (unit-norm per cell) HOG part: appearance matters less than motion for the events we look for. */
  hogWeight: 0.5,
  /** OpenCV calcOpticalFlowFarneback parameters, tuned for 32-64 pixel crops. */
  flow: Object.freeze({ pyrScale: 0.5, levels: 2, winsize: 9, iterations: 3, polyN: 5, polySigma: 1.1 }),
}) as HogHofMbhConfig;

export const DEFAULT_C3D: C3dConfig = Object.freeze({
  /** Safetensors weights (PyTorch port names); null = none given. */
  weights: null,
  /** User ONNX model; null = none given. Exactly one of weights/onnx must be set for C3D. */
  onnx: null,
  /** Channel order fed to the network: Caffe-trained Sports-1M weights expect BGR. */
  channelOrder: 'bgr',
  /** Per-channel mean in the input's channel order (approximation of the Sports-1M mean cube). */
  mean: [104, 117, 128],
  /** Clips per onnxruntime call: 1 was fastest on CPU here (batch 4/8: -15-25%); raise it on a GPU. */
  batchSize: 1,
  /** onnxruntime execution provider: CUDA when present ('auto'), or forced. */
  device: 'auto',
  /** onnxruntime intra-op threads; 0 = all cores Node sees (onnxruntime's own default was 2x slower here). */
  threads: 0,
}) as C3dConfig;

export const DEFAULT_FEATURES_CONFIG: FeaturesConfig = Object.freeze({
  /** Weight-free by default: C3D needs user-supplied weights. */
  backbone: 'hog-hof-mbh',
  /** Clip grid (see DEFAULT_CLIP_GRID). */
  grid: DEFAULT_CLIP_GRID,
  /** Square context margin around tube boxes (fraction of the longer side). */
  contextMargin: 0.25,
  /** Compute whole-frame clips as well as region clips. */
  wholeFrame: true,
  /** Weight-free backbone settings. */
  hog: DEFAULT_HOG_HOF_MBH,
  /** C3D settings. */
  c3d: DEFAULT_C3D,
}) as FeaturesConfig;

/** File names of the public releases: Sultani's `<video>.txt`, RTFM's `<video>_i3d.npy`. */
export const DEFAULT_IMPORT_PATTERNS: Readonly<Record<ImportFeaturesConfig['format'], string>> = Object.freeze({
  'sultani-txt': '{name}.txt',
  'rtfm-npy': '{name}_i3d.npy',
});

/** Defaults of the `import-features` stage (`format` and `dir` have none: they must be given). */
export const DEFAULT_IMPORT_FEATURES_CONFIG: Readonly<Omit<ImportFeaturesConfig, 'format' | 'dir' | 'pattern'>> =
  Object.freeze({
    /**
     * No frame-count file: counts come from the release (RTFM: 16 x snippets) or, Sultani train videos, a nominal 32
     * x 16.
     */
    frameCounts: null,
    /**
     * 32 temporal instances per video: Sultani's 32 segments as they are; RTFM's snippets grouped into 32 (its own
     * training setting).
     */
    segments: 32,
    /** Any dimension (Sultani C3D fc6: 4096; RTFM I3D: 2048). */
    dim: null,
    /** UCF-Crime's frame rate. */
    fps: 30,
  });
