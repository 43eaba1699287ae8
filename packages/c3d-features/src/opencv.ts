import { UnavailableError } from '@wsstad/core';

/** The subset of the OpenCV.js API this package uses (its bundled typings are heavy and loose). */
export interface CvMat {
  data: Uint8Array;
  data32F: Float32Array;
  rows: number;
  cols: number;
  delete(): void;
}
export interface Cv {
  Mat: new (rows?: number, cols?: number, type?: number) => CvMat;
  CV_8UC1: number;
  calcOpticalFlowFarneback(prev: CvMat, next: CvMat, flow: CvMat, pyrScale: number, levels: number, winsize: number, iterations: number, polyN: number, polySigma: number, flags: number): void;
}

let loading: Promise<{ cv: Cv }> | undefined;
const LOAD_TIMEOUT_MS = 60_000;

/**
 * Load OpenCV.js once per process. The module object has a `.then`, so resolving a promise with
 * it (or awaiting it) recurses forever: we resolve with a wrapper, and wait until the WASM runtime
 * has populated the API (onRuntimeInitialized may already have fired before we get here).
 * Callers destructure `const { cv } = await loadOpenCv()` and must never return `cv` from an async
 * function or a `.then` callback.
 */
export function loadOpenCv(): Promise<{ cv: Cv }> {
  loading ??= new Promise<{ cv: Cv }>((resolve, reject) => {
    let mod: Cv & { onRuntimeInitialized?: () => void };
    try {
      mod = require('@techstark/opencv-js') as typeof mod;
    } catch (e) {
      reject(new UnavailableError(`@techstark/opencv-js cannot be loaded: ${(e as Error).message}`, { hint: "run 'npm ci' in the repository root" }));
      return;
    }
    const ready = () => typeof mod.Mat === 'function' && typeof mod.calcOpticalFlowFarneback === 'function';
    if (ready()) { resolve({ cv: mod }); return; }
    const started = Date.now();
    const timer = setInterval(() => {
      if (ready()) { clearInterval(timer); resolve({ cv: mod }); }
      else if (Date.now() - started > LOAD_TIMEOUT_MS) { clearInterval(timer); reject(new UnavailableError('OpenCV.js runtime did not initialise within 60 s')); }
    }, 5);
  });
  // never unwrap here: a promise resolved with the thenable module would hang
  return loading;
}
