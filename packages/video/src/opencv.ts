import { UnavailableError } from '@wsstad/core';

/** The subset of the OpenCV.js API the project uses (the package's own typings are heavy and loose). */
export interface CvMat {
  data: Uint8Array;
  data32F: Float32Array;
  data32S: Int32Array;
  rows: number;
  cols: number;
  delete(): void;
}
export interface CvMog2 {
  apply(frame: CvMat, fgmask: CvMat, learningRate: number): void;
  getBackgroundImage(dst: CvMat): void;
  delete(): void;
}
export interface OpenCv {
  Mat: new (rows?: number, cols?: number, type?: number) => CvMat;
  Size: new (w: number, h: number) => unknown;
  Point: new (x: number, y: number) => unknown;
  BackgroundSubtractorMOG2: new (history: number, varThreshold: number, detectShadows: boolean) => CvMog2;
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
  getStructuringElement(shape: number, size: unknown): CvMat;
  morphologyEx(src: CvMat, dst: CvMat, op: number, kernel: CvMat): void;
  threshold(src: CvMat, dst: CvMat, thresh: number, maxval: number, type: number): number;
  GaussianBlur(src: CvMat, dst: CvMat, size: unknown, sigma: number): void;
  countNonZero(src: CvMat): number;
  cvtColor(src: CvMat, dst: CvMat, code: number): void;
  Canny(src: CvMat, dst: CvMat, threshold1: number, threshold2: number): void;
  connectedComponentsWithStats(
    src: CvMat,
    labels: CvMat,
    stats: CvMat,
    centroids: CvMat,
    connectivity: number,
    ltype: number,
  ): number;
  calcOpticalFlowFarneback(
    prev: CvMat,
    next: CvMat,
    flow: CvMat,
    pyrScale: number,
    levels: number,
    winsize: number,
    iterations: number,
    polyN: number,
    polySigma: number,
    flags: number,
  ): void;
}

let loading: Promise<{ cv: OpenCv }> | undefined;
const LOAD_TIMEOUT_MS = 60_000;
const READY = ['Mat', 'BackgroundSubtractorMOG2', 'calcOpticalFlowFarneback'];

/**
 * Load OpenCV.js once per process (the detector's background subtraction and the HOG/HOF/MBH
 * backbone's optical flow share it). The Emscripten module object has a `.then`, so resolving a
 * promise with it (or awaiting it) recurses forever: we resolve with a wrapper. We poll until the
 * WASM runtime has populated the API rather than wait for onRuntimeInitialized, which may already
 * have fired (another module required OpenCV first). Callers destructure
 * `const { cv } = await loadOpenCv()` and must never return `cv` from an async function or a
 * `.then` callback. Importing this module loads nothing: OpenCV is required on the first call.
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise<{ cv: OpenCv }>((resolve, reject) => {
    let mod: Record<string, unknown>;
    try {
      mod = require('@techstark/opencv-js') as Record<string, unknown>;
    } catch (e) {
      const hint = "run 'npm ci' in the repository root (package @techstark/opencv-js)";
      reject(new UnavailableError(`OpenCV.js could not be loaded: ${(e as Error).message}`, { hint, cause: e }));
      return;
    }
    const ready = () => READY.every((k) => typeof mod[k] === 'function');
    const done = () => resolve({ cv: mod as unknown as OpenCv });
    if (ready()) {
      done();
      return;
    }
    const started = Date.now();
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        done();
      } else if (Date.now() - started > LOAD_TIMEOUT_MS) {
        clearInterval(timer);
        reject(new UnavailableError(`OpenCV.js runtime did not initialise within ${LOAD_TIMEOUT_MS / 1000} s`));
      }
    }, 5);
  });
  // never unwrap here: a promise resolved with the thenable module would hang
  return loading;
}
