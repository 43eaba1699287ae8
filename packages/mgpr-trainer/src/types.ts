import type { OrtDevice } from '@wsstad/core';
import type { BranchSet, ModelConfig, RelationKind } from '@wsstad/relationship-module';

/** Loss combinations of Table 3 plus Sultani's DMRM loss (Table 1). */
export type LossKind = 'rank' | 'mg-rank' | 'ce' | 'rank+ce' | 'mg-rank+ce' | 'dmrm';
/** How one branch scores the other's max instance (reference-notes ambiguity 1). */
export type GuidanceMode = 'in-bag' | 'single';
/** Which abnormal/normal bags form ranking pairs (reference-notes ambiguity 2). */
export type PairingMode = 'index' | 'all';

/**
 * Where a branch's forward/backward runs in training: tfjs (any relation), onnxruntime-node ('attention', 'none'), or
 * 'auto' (onnxruntime where it can).
 */
export type TrainEngine = 'auto' | 'tfjs' | 'onnxruntime';

/** A named configuration of the method for one row of the paper's tables. */
export interface Variant {
  doc: string;
  table: string;
  branches: BranchSet;
  loss: LossKind;
  relation: RelationKind;
  /** Use multivariate tubes as tube-branch instances (Table 4 'MVT'). */
  multivariate: boolean;
}

/** How the counterpart's scores weight the ranking term of L_MG-Rank (see scaleGuidance). */
export type GuidanceWeights = 'raw' | 'batch-mean';

export interface TrainConfig {
  variant: string;
  seed: number | null;
  subTubes: number;
  iterations: number;
  batchAbnormal: number;
  batchNormal: number;
  learningRate: number;
  relationLearningRate: number | null;
  maxTubes: number;
  guidance: GuidanceMode;
  guidanceWeights: GuidanceWeights;
  pairing: PairingMode;
  validationFraction: number;
  validateEvery: number;
  selectBest: boolean;
  checkpointEvery: number;
  keepCheckpoints: boolean;
  microBatch: number;
  memoryBudgetMB: number;
  engine: TrainEngine;
  engineDevice: OrtDevice;
  normalizer: 'standardize' | 'standardize-per-input' | 'none';
  poolL2: 'none' | 'before' | 'after' | 'both';
  /** Operating point: share of held-out normal validation videos allowed above the stored threshold. */
  falseAlarmRate: number;
  /**
   * M and the tube cap used to score the validation videos for calibration; null = as trained (inference's default).
   */
  calibrationSubTubes: number | null;
  calibrationMaxTubes: number | null;
  dmrmSmoothness: number;
  dmrmSparsity: number;
  model: Partial<Omit<ModelConfig, 'featureDim' | 'relation' | 'branches'>>;
}

/** model.json `candidates`: the instance shape of training, which inference reproduces by default. */
export interface ModelCandidates {
  subTubes: number;
  maxTubes: number;
  multivariate: boolean;
  pooling: 'none' | 'before' | 'after' | 'both';
}

/** The MIL bags of one video, features n x D row-major. */
export interface VideoBags {
  id: string;
  label: 'normal' | 'abnormal';
  dim: number;
  /** Tube branch: region-level features, their image-level counterparts, temporal centres in [0, 1]. */
  tube: { region: Float32Array; image: Float32Array; positions: Float32Array; n: number; fallback: boolean };
  /** Temporal branch: videolet features (whole-frame clips pooled per videolet). */
  temporal: { features: Float32Array; positions: Float32Array; n: number };
}

/** One row of the training log (JSONL). */
export type TrainLogRow =
  | { kind: 'step'; iteration: number; branch: 'tube' | 'temporal'; losses: Record<string, number>; total: number }
  | { kind: 'validation'; iteration: number; vauc: number; videos: number };

/** One bag's instances: n x D features and temporal centres. */
export interface BagInput {
  features: Float32Array;
  n: number;
  positions: Float32Array;
}
