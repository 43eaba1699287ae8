export type {
  AttentionCentering,
  ScorerKind,
  Tf,
  RelationKind,
  BranchSet,
  ModelConfig,
  BranchScorer,
  FeatureNormalizer,
  NormalizerInput,
  DualBranchModel,
  PaddedBatch,
  ForwardOptions,
  TrainableBranch,
  TrainableModel,
} from './types';
export { DEFAULT_MODEL_CONFIG, MODEL_FORMAT_VERSION } from './defaults';
export { normalizeModelConfig, MODEL_CONFIG_SCHEMA, MODEL_OVERRIDES_SCHEMA, DERIVED_MODEL_KEYS } from './config';
export type { ModelOverrides } from './config';
export { createModel, combineBranchScores } from './model';
export { saveModel, loadModel, modelTensors } from './io';
export { writeBundle, readBundle } from './bundle';
export type { BundleTensor, ReadBundle } from './bundle';
export { fitStandardizer, fitInputStandardizers, applyNormalizer, IDENTITY_NORMALIZER } from './normalizer';
export { branchParamSpecs } from './branch';
export { fastOps } from './ops';
export type { FastOps } from './ops';
export { createOrtBranchEngine, dropoutMasks } from './onnx/engine';
export type { OrtBranchEngine, OrtEngineOptions, HostBatch, DropoutMasks, ForwardCache } from './onnx/engine';
export { ORT_RELATIONS, buildForwardGraph, buildBackwardGraph } from './onnx/graphs';
export { exportModelOnnx, EXPORT_IO } from './onnx/export';
