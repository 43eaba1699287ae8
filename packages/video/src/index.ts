export type { Frame, FrameRange, VideoSource, GroundTruth } from './types';
export { DEFAULT_SYNTH_CONFIG, DEFAULT_OPEN_OPTIONS, DEFAULT_PARTIAL_DECODE } from './defaults';
// Synthetic benchmark
export type {
  SceneSpec,
  SceneObject,
  SceneEvent,
  LayoutSpec,
  LayoutName,
  AnomalyType,
  HardNegativeType,
  SynthConfig,
  SynthPresetName,
} from './synth/types';
export { LAYOUTS, ANOMALY_TYPES, HARD_NEGATIVE_TYPES } from './synth/types';
export { SYNTH_PRESETS, normalizeSynthConfig, SYNTH_OVERRIDES_SCHEMA } from './synth/presets';
export { generateBenchmark, benchmarkStats } from './synth/generate';
export type { GenerateOptions, BenchmarkStats } from './synth/generate';
export { SceneRenderer, renderFrame } from './synth/render';
export { createSyntheticSource, loadScene } from './synth/source';
export { sceneGroundTruth } from './synth/ground-truth';
// Sources
export { openVideo } from './sources/open';
export type { OpenVideoOptions } from './sources/open';
export { openY4m, writeY4m } from './sources/y4m';
export { locateFfmpeg, probeVideo } from './sources/ffmpeg';
export type { FfmpegLocator, VideoProbe, FfmpegSourceOptions } from './sources/ffmpeg';
export { partialDecodeVerdict, normalizePartialDecode, ffmpegWarnings } from './sources/partial';
export type { PartialDecodePolicy } from './sources/partial';
// Manifests and ground truth
export {
  loadManifest,
  validateManifest,
  writeManifest,
  resolveInManifest,
  VIDEO_ID_PATTERN,
} from './manifest/manifest';
export type { Manifest, LoadedManifest } from './manifest/manifest';
export { readGroundTruth, writeGroundTruth, validateGroundTruth, GT_FORMAT } from './manifest/ground-truth';
// Export
export { exportVideo, pickEncoder } from './export/export-video';
export type { ExportOptions } from './export/export-video';
export { contactSheet } from './export/contact-sheet';
export type { ContactSheetOptions } from './export/contact-sheet';
export { groundTruthOverlays, tubeOverlay, drawBox, drawOverlays, OVERLAY_COLORS } from './export/overlay';
export type { Overlay, Color } from './export/overlay';
export {
  importFolderLayout,
  importUcfCrime,
  importUcfCrimeSplits,
  writeImport,
  boxAnnotationsToGroundTruth,
  safeId,
  VIDEO_EXTENSIONS,
} from './manifest/importers';
export type { UcfCrimeSplitFiles } from './manifest/importers';
export type { ImportResult } from './manifest/importers';
// OpenCV.js, shared by the detector and the features backbone (loaded on first use)
export { loadOpenCv } from './opencv';
export type { OpenCv, CvMat, CvMog2 } from './opencv';
