export type {
  LossKind,
  GuidanceMode,
  PairingMode,
  Variant,
  TrainConfig,
  TrainEngine,
  VideoBags,
  TrainLogRow,
  BagInput,
} from './types';
export { DEFAULT_TRAIN_CONFIG } from './defaults';
export { VARIANTS } from './variants';
export { normalizeTrainConfig, modelConfigFor, TRAIN_PARAMS_SCHEMA } from './config';
export { buildVideoBags } from './bags';
export type { VideoArtifactPaths, BagOptions } from './bags';
export { milLosses, argmaxPerBag, LOG_EPS } from './losses';
export type { LossContext } from './losses';
export { branchStep } from './step';
export type { StepInput, StepOptions, StepResult } from './step';
export { lap } from './profile';
export type { StepProfile } from './profile';
export { padBags, microBatches, bytesPerBag, scoreBags, videoScores } from './batch';
export { Adam } from './adam';
export { attachTrainEngines, resolveEngine } from './ort';
export type { TrainEngines } from './ort';
export { trainMgpr, splitValidation } from './train';
export type { TrainOptions, TrainResult } from './train';
export { rocAuc, logToJsonl, lossCurveSvg } from './report';
export { trainStage, bagsForVideos, writeTrainOutputs, trainFromDirectory, trainFrontEnd } from './stage';
export { calibrateThreshold, normalPercentile, verdictFor } from './calibration';
export type { Calibration, Verdict } from './calibration';
export { calibrateOnValidation } from './calibration-scores';
export { writeToyDataset } from './toy';
export type { ToyOptions } from './toy';
