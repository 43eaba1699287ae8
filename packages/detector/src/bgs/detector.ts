import { InputError, type Detection } from '@wsstad/core';
import { frameStream, type FrameInput } from '../frames';
import type { BgsConfig, DetectOptions, DetectResult, Detector } from '../types';
import { blobBox, blobCategory, blobScore, mergeBlobs, type Blob } from './blobs';
import { GhostFilter } from './ghosts';
import { loadOpenCv, type CvMat as Mat, type CvMog2 as Mog2, type Frame, type OpenCv } from '@wsstad/video';

/** MOG2 marks shadows 127 and foreground 255: thresholding above this drops the shadows. */
const SHADOW_CUT = 200;

/** Mats of one video, allocated on its first frame and reused for every frame. */
class VideoMats {
  readonly frame: Mat;
  readonly blurred: Mat;
  readonly raw: Mat;
  readonly mask: Mat;
  readonly labels: Mat;
  readonly stats: Mat;
  readonly centroids: Mat;
  readonly openK: Mat | null;
  readonly closeK: Mat | null;
  readonly mog: Mog2;
  readonly ghosts: GhostFilter;
  constructor(
    cv: OpenCv,
    readonly width: number,
    readonly height: number,
    c: BgsConfig,
  ) {
    this.ghosts = new GhostFilter(cv, c.ghostEdgeRatio);
    this.frame = new cv.Mat(height, width, cv.CV_8UC3);
    this.blurred = new cv.Mat(height, width, cv.CV_8UC3);
    this.raw = new cv.Mat();
    this.mask = new cv.Mat();
    this.labels = new cv.Mat();
    this.stats = new cv.Mat();
    this.centroids = new cv.Mat();
    this.openK =
      c.openKernel > 0 ? cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(c.openKernel, c.openKernel)) : null;
    this.closeK =
      c.closeKernel > 0 ? cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(c.closeKernel, c.closeKernel)) : null;
    this.mog = new cv.BackgroundSubtractorMOG2(c.history, c.varThreshold, c.detectShadows);
  }
  delete(): void {
    for (const m of [
      this.frame,
      this.blurred,
      this.raw,
      this.mask,
      this.labels,
      this.stats,
      this.centroids,
      this.openK,
      this.closeK,
      this.mog,
      this.ghosts,
    ])
      m?.delete();
  }
}

/** Per-video state machine: warm-up, then detection, with fast re-learning after a light switch. */
class BgsVideo {
  private t = 0;
  private relearnLeft = 0;
  suppressed = 0;
  /** Blobs rejected as ghosts (uncovered background), for diagnostics. */
  ghostBlobs = 0;
  constructor(
    private readonly cv: OpenCv,
    private readonly m: VideoMats,
    private readonly c: BgsConfig,
  ) {}

  /**
   * Learning rate for this frame: bootstrap 1/(t+1) while warming up (as MOG2's own -1 does), then the configured
   * rate.
   */
  private rate(): number {
    if (this.relearnLeft > 0) return this.c.relearnRate;
    if (this.t < this.c.warmupFrames) return Math.max(1 / (this.t + 1), this.c.learningRate);
    return this.c.learningRate;
  }

  step(f: Frame, out: Detection[]): void {
    const { cv, m, c } = this;
    m.frame.data.set(f.data);
    const input =
      c.blur > 0 ? (cv.GaussianBlur(m.frame, m.blurred, new cv.Size(c.blur, c.blur), 0), m.blurred) : m.frame;
    m.mog.apply(input, m.raw, this.rate());
    if (this.relearnLeft > 0) this.relearnLeft--;
    const warm = this.t >= this.c.warmupFrames;
    this.t++;
    if (!warm) {
      this.suppressed++;
      return;
    }
    cv.threshold(m.raw, m.mask, SHADOW_CUT, 255, cv.THRESH_BINARY);
    const share = cv.countNonZero(m.mask) / (m.width * m.height);
    if (share > c.lightSwitchFraction) {
      // A global change (light switch, camera jump) makes every pixel foreground: boxing it would
      // emit one frame-sized box. Emit nothing and re-learn quickly instead.
      this.relearnLeft = c.relearnFrames;
      this.suppressed++;
      return;
    }
    if (m.openK) cv.morphologyEx(m.mask, m.mask, cv.MORPH_OPEN, m.openK);
    if (m.closeK) cv.morphologyEx(m.mask, m.mask, cv.MORPH_CLOSE, m.closeK);
    const n = cv.connectedComponentsWithStats(m.mask, m.labels, m.stats, m.centroids, 8, cv.CV_32S);
    const s = m.stats.data32S;
    const minArea = Math.max(c.minArea, c.minAreaFraction * m.width * m.height);
    const blobs: Blob[] = [];
    // Stats rows: left, top, width, height, area (CC_STAT_*); label 0 is the background.
    for (let i = 1; i < n; i++) {
      const o = i * 5;
      blobs.push({ x1: s[o]!, y1: s[o + 1]!, x2: s[o]! + s[o + 2]!, y2: s[o + 1]! + s[o + 3]!, pixels: s[o + 4]! });
    }
    // Small fragments are merged before the area filter so a split person is not lost piecewise.
    const frameArea = m.width * m.height;
    const big = mergeBlobs(blobs, c.mergeDistance).filter((b) => b.pixels >= minArea);
    const { kept, ghosts } = m.ghosts.filter(big, m.frame, m.mask, m.mog);
    this.ghostBlobs += ghosts;
    for (const b of kept) {
      out.push({
        frame: f.index,
        box: blobBox(b, m.width, m.height),
        score: blobScore(b, c.scoreAreaScale),
        category: blobCategory(b, frameArea, c),
      });
    }
  }
}

/** MOG2 background subtraction (OpenCV.js): no weights, for fixed cameras. */
export function createBgsDetector(config: BgsConfig): Detector {
  return {
    kind: 'background-subtraction',
    name: 'background-subtraction',
    async detect(input: FrameInput, opts: DetectOptions = {}): Promise<DetectResult> {
      const { cv } = await loadOpenCv();
      const detections: Detection[] = [];
      let mats: VideoMats | undefined;
      let video: BgsVideo | undefined;
      let framesSeen = 0;
      try {
        for await (const f of frameStream(input, opts.signal)) {
          if (!mats) {
            mats = new VideoMats(cv, f.width, f.height, config);
            video = new BgsVideo(cv, mats, config);
          } else if (f.width !== mats.width || f.height !== mats.height) {
            throw new InputError(
              `frame ${f.index} is ${f.width}x${f.height}, earlier frames were ${mats.width}x${mats.height}`,
              { hint: 'one detect() call is one video of fixed size' },
            );
          }
          const before = detections.length;
          video!.step(f, detections);
          framesSeen++;
          opts.onFrame?.(f, detections.length - before);
        }
      } finally {
        mats?.delete();
      }
      if (video?.ghostBlobs)
        opts.log?.debug(
          `background subtraction: ${video.ghostBlobs} ghost blob(s) rejected (ghostEdgeRatio ` +
            `${config.ghostEdgeRatio})`,
        );
      const warnings: string[] = [];
      if (framesSeen > 0 && framesSeen <= config.warmupFrames) {
        warnings.push(
          `video has ${framesSeen} frames, not more than the ${config.warmupFrames} warm-up frames of ` +
            `the background model: no boxes`,
        );
        opts.log?.warn(warnings[warnings.length - 1]!);
      }
      return { detections, framesSeen, suppressedFrames: video?.suppressed ?? 0, warnings };
    },
    dispose() {},
  };
}
