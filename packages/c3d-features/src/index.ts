export type {
  BackboneName,
  ClipGridConfig,
  HogHofMbhConfig,
  FarnebackParams,
  C3dConfig,
  FeaturesConfig,
  FrameView,
  RegionInput,
  ClipBackbone,
  ImportFeaturesConfig,
} from './types';
export {
  DEFAULT_CLIP_GRID,
  DEFAULT_HOG_HOF_MBH,
  DEFAULT_C3D,
  DEFAULT_FEATURES_CONFIG,
  DEFAULT_IMPORT_FEATURES_CONFIG,
  DEFAULT_IMPORT_PATTERNS,
} from './defaults';
export { normalizeFeaturesConfig, FEATURES_CONFIG_SCHEMA } from './config';
// The shared OpenCV.js loader (@wsstad/video), re-exported for existing callers.
export { loadOpenCv } from '@wsstad/video';
export type { OpenCv as Cv, CvMat } from '@wsstad/video';
// Streaming extraction and backbones
export { extractClipFeatures } from './extract';
export type { ExtractOptions } from './extract';
export {
  BACKBONES,
  createBackbone,
  createBackbonePool,
  computeClipFeatures,
  assertFiniteClipFeatures,
} from './registry';
export type { BackboneEntry } from './registry';
export { createHogHofMbhBackbone, HOG_HOF_MBH_VERSION } from './hog/backbone';
export { hogHofMbhDim } from './hog/clip';
// C3D
export { C3D_ARCH, c3dTensorShapes, c3dMacs, fc6Inputs } from './c3d/arch';
export type { C3dArch } from './c3d/arch';
export { buildC3dOnnx, C3D_INPUT, C3D_OUTPUT } from './c3d/graph';
export { loadC3dModel, createC3dFromWeights } from './c3d/model';
export type { C3dModel, C3dLoadOptions } from './c3d/model';
export { createC3dBackbone, wholeFrameCropBox } from './c3d/backbone';
export type { C3dPreprocess } from './c3d/backbone';
export { readSafetensors, parseSafetensors, encodeSafetensors } from './c3d/safetensors';
export type { SafeTensor } from './c3d/safetensors';
export { validateC3dWeights, randomC3dWeights } from './c3d/weights';
export type { C3dWeights } from './c3d/weights';
// Public feature releases
export { readNpy, parseNpy, encodeNpy } from './importers/npy';
export type { NpyArray } from './importers/npy';
export {
  importSultaniText,
  importRtfmNpy,
  SULTANI_SEGMENTS,
  SULTANI_DIM,
  RELEASE_CLIP_FRAMES,
} from './importers/public';
export { importPublicFeatures } from './importers/write';
export type { ImportFeaturesArgs, PublicFeatureFormat } from './importers/write';
export { normalizeImportFeaturesConfig, IMPORT_PATTERN_FIELDS, IMPORT_FEATURES_SCHEMAS } from './importers/config';
export {
  importFeaturesStage,
  importVideoFeatures,
  featureFileFor,
  frameCountFor,
  readFrameCounts,
  releaseVideolets,
  IMPORT_FEATURES_STAGE_VERSION,
} from './importers/stage';
export type { ImportVideoOutputs } from './importers/stage';
export { writeFakeUcfCrime } from './importers/fake-ucf-crime';
export type { FakeUcfCrime } from './importers/fake-ucf-crime';
// Stage
export { featuresStage, featuresForVideo, disposeFeatureBackbones, FEATURES_STAGE_VERSION } from './stage';
export type { FeaturesForVideoArgs } from './stage';
