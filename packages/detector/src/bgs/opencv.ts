import { UnavailableError } from '@wsstad/core';

/** The subset of the OpenCV.js API the detector uses (the package's own typings are heavy to load). */
export interface Mat {
  data: Uint8Array;
  data32S: Int32Array;
  rows: number;
  cols: number;
  delete(): void;
}
export interface Mog2 {
  apply(frame: Mat, fgmask: Mat, learningRate: number): void;
  getBackgroundImage(dst: Mat): void;
  delete(): void;
}
export interface OpenCv {
  Mat: new (rows?: number, cols?: number, type?: number) => Mat;
  Size: new (w: number, h: number) => unknown;
  Point: new (x: number, y: number) => unknown;
  BackgroundSubtractorMOG2: new (history: number, varThreshold: number, detectShadows: boolean) => Mog2;
  CV_8UC1: number;
  CV_8UC3: number;
  CV_32S: number;
  MORPH_OPEN: number;
  MORPH_CLOSE: number;
  MORPH_ELLIPSE: number;
  MORPH_GRADIENT: number;
  MORPH_RECT: number;
  COLOR_RGB2GRAY: number;
  THRESH_BINARY: number;
  BORDER_DEFAULT: number;
  getStructuringElement(shape: number, size: unknown): Mat;
  morphologyEx(src: Mat, dst: Mat, op: number, kernel: Mat): void;
  threshold(src: Mat, dst: Mat, thresh: number, maxval: number, type: number): number;
  GaussianBlur(src: Mat, dst: Mat, size: unknown, sigma: number): void;
  countNonZero(src: Mat): number;
  cvtColor(src: Mat, dst: Mat, code: number): void;
  Canny(src: Mat, dst: Mat, threshold1: number, threshold2: number): void;
  connectedComponentsWithStats(src: Mat, labels: Mat, stats: Mat, centroids: Mat, connectivity: number, ltype: number): number;
}

let loading: Promise<{ cv: OpenCv }> | undefined;

/**
 * Load OpenCV.js once per process. The Emscripten module object has a `.then`, so it must never
 * be awaited or returned from a promise directly (the promise would adopt it and hang): it is
 * wrapped in a plain object, resolved on `onRuntimeInitialized`.
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise<{ cv: OpenCv }>((resolve, reject) => {
    let mod: Record<string, unknown>;
    try {
      mod = require('@techstark/opencv-js') as Record<string, unknown>;
    } catch (e) {
      reject(new UnavailableError(`OpenCV.js could not be loaded: ${(e as Error).message}`, { hint: "run 'npm ci' in the repository root (package @techstark/opencv-js)", cause: e }));
      return;
    }
    const done = () => resolve({ cv: mod as unknown as OpenCv });
    if (typeof mod.Mat === 'function' && typeof mod.BackgroundSubtractorMOG2 === 'function') done();
    else mod.onRuntimeInitialized = done;
  });
  return loading;
}
