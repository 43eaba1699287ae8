import type { SynthConfig } from './synth/types';

/** Defaults of the synthetic benchmark generator (the `small` preset starts from these). */
export const DEFAULT_SYNTH_CONFIG: Readonly<SynthConfig> = Object.freeze<SynthConfig>({
  // Videos in the train split (video-level labels only as far as training is concerned).
  trainVideos: 160,
  // Videos in the test split (these carry spatio-temporal ground truth).
  testVideos: 64,
  // Share of abnormal videos in each split; 0.5 = balanced.
  abnormalShare: 0.5,
  // Frame size in pixels (even numbers keep mp4 export simple).
  width: 160,
  height: 120,
  // Frames per second of the rendered video.
  fps: 10,
  // Frames per video.
  frames: 224,
  // Scene layouts drawn from, uniformly.
  layouts: ['road', 'plaza', 'parking', 'corridor'],
  // Anomaly types of abnormal videos, balanced (each layout supports a subset).
  anomalies: ['fall', 'vehicle-spin', 'erratic-run', 'vehicle-collision', 'vehicle-pedestrian', 'fight'],
  // Hard negatives staged in normal videos.
  hardNegatives: ['near-pass', 'side-by-side', 'stop-and-go', 'standing'],
  // Hard negatives per normal video (abnormal videos get half as many, rounded down).
  hardNegativesPerVideo: 2,
  // Share of a video's frames the anomaly lasts, drawn uniformly in [min, max].
  eventShareMin: 0.05,
  eventShareMax: 0.25,
  // Background pedestrian and vehicle arrivals (Poisson rates).
  peoplePerMinute: 24,
  vehiclesPerMinute: 12,
  // Person height as a fraction of the frame height (at the bottom of the frame).
  personHeight: 0.2,
  // Vehicle length as a fraction of the frame width (at the bottom of the frame).
  vehicleLength: 0.2,
  // Walking speed in person heights per second (running anomalies are 2.5-4x faster).
  walkSpeed: 0.8,
  // Driving speed in vehicle lengths per second.
  vehicleSpeed: 1.6,
  // Objects at the top of the frame are (1 - perspective) times the size of those at the bottom.
  perspective: 0.35,
  // Sensor noise standard deviation (grey levels).
  noiseStd: 3,
  // Amplitude of the slow illumination drift (relative gain).
  illuminationAmplitude: 0.06,
  // Probability that a video has slight camera shake, and its amplitude in pixels.
  shakeProbability: 0.25,
  shakeAmplitude: 1,
  // Also write ground truth of train videos (to a folder the manifest does not reference).
  writeTrainGroundTruth: true,
});

/** Defaults of `openVideo`. */
export const DEFAULT_OPEN_OPTIONS = Object.freeze({
  // Directory relative URIs resolve against.
  baseDir: '.',
});

/**
 * What `openVideo` does when an ffmpeg-decoded file yields fewer frames than its container
 * declares (duration x fps), e.g. a truncated download. See `partialDecodeVerdict`.
 */
export const DEFAULT_PARTIAL_DECODE = Object.freeze({
  // 'warn': report through onWarning (default: stderr) and go on; 'fail': InputError.
  partialDecode: 'warn' as 'warn' | 'fail',
  // Share of the declared frames that may be missing without a word (duration rounding, an
  // audio track slightly longer than the video); at least 1 frame.
  partialDecodeTolerance: 0.02,
  // Below this share of the declared frames decoded, fail even under 'warn': such a video's
  // scores would describe a fraction of it.
  partialDecodeFailBelow: 0.5,
});
