import type * as TF from '@tensorflow/tfjs';

export type Tf = typeof TF;

/** How instances of a bag exchange information before scoring (Table 4). */
export type RelationKind = 'attention' | 'gcn' | 'none';
/** Which branches a model trains and uses at inference (Table 2). */
export type BranchSet = 'dual' | 'tube' | 'temporal';
/** What eq. 3 adds to each instance: the attention output as it is, or minus its mean over the bag's instances. */
export type AttentionCentering = 'none' | 'bag-mean';
/** The scorer after the relation: Sultani's 3-layer MLP or one linear layer. */
export type ScorerKind = 'mlp' | 'linear';

/** Architecture of both branches (they share one shape; weights are separate). */
export interface ModelConfig {
  featureDim: number;
  relation: RelationKind;
  heads: number;
  attentionInit: 'glorot' | 'zero-value';
  attentionCentering: AttentionCentering;
  scorer: ScorerKind;
  hidden: readonly [number, number];
  hidden2Activation: 'linear' | 'relu';
  outputInit: 'glorot' | 'zero';
  dropout: number;
  l2: number;
  relationL2: number;
  gcnLayers: number;
  gcnTemporalScale: number;
  branches: BranchSet;
}

/** Scores one bag of instances of one branch in inference mode (no dropout). */
export interface BranchScorer {
  /**
   * @param features n x D row-major, already normalised (see DualBranchModel.normalize)
   * @param positions optional temporal centre of each instance in [0, 1] of the video (used by the 'gcn' relation only;
   * default: instance order)
   * @returns n scores in [0, 1]
   */
  scoreBag(features: Float32Array, n: number, positions?: Float32Array): Promise<Float32Array>;
}

export interface FeatureNormalizer {
  kind: 'none' | 'standardize';
  /** Per-dimension mean and 1/std (length featureDim) for 'standardize'. */
  mean?: Float32Array;
  invStd?: Float32Array;
  /**
   * Separate statistics for whole-frame inputs (image-level tubes, videolets, segments) when set;
   * else `mean` / `invStd` serve both. Region crops and whole frames have different feature
   * distributions, so one joint fit leaves both off-centre (issue 15).
   */
  frame?: { mean: Float32Array; invStd: Float32Array };
}

/** Which statistics of the normaliser an input takes: region-level (tube crops) or whole-frame features. */
export type NormalizerInput = 'region' | 'frame';

export interface DualBranchModel {
  readonly config: ModelConfig;
  readonly featureDim: number;
  /** Scores region-level tube instances (pt). For a temporal-only model it is the temporal branch. */
  readonly tube: BranchScorer;
  /** Scores videolets and image-level tube instances (pv). For a tube-only model it is the tube branch. */
  readonly temporal: BranchScorer;
  /** The feature normaliser saved with the model, applied to raw pooled features (returns a new array). */
  normalize(features: Float32Array, n: number, input?: NormalizerInput): Float32Array;
  dispose(): void;
}

/** One padded micro-batch of bags: x is [b * n, D], mask [b, n] (1 = real instance). */
export interface PaddedBatch {
  x: TF.Tensor2D;
  mask: TF.Tensor2D;
  /** [b, n] temporal centres in [0, 1]; only the 'gcn' relation reads it. */
  positions?: TF.Tensor2D;
  b: number;
  n: number;
}

export interface ForwardOptions {
  training: boolean;
  /** Seed for this call's dropout masks (training only). */
  dropoutSeed?: number;
}

/** A trainable branch: its variables and a differentiable forward pass over padded bags. */
export interface TrainableBranch {
  readonly name: 'tube' | 'temporal';
  /** Variables in a fixed order (checkpoints and the optimiser rely on it). */
  readonly variables: readonly TF.Variable[];
  readonly variableNames: readonly string[];
  /** Instance scores [b, n] in (0, 1); padded entries hold arbitrary values (mask them). */
  forward(batch: PaddedBatch, opts: ForwardOptions): TF.Tensor2D;
  /**
   * Sum of squared kernels of the scorer times config.l2 (Sultani's Keras l2 regulariser), plus relationL2 times the
   * relation's squared projections.
   */
  l2Penalty(): TF.Scalar;
  scorer: BranchScorer;
}

/** The training handle: the inference interface plus access to both branches' variables. */
export interface TrainableModel extends DualBranchModel {
  readonly tf: Tf;
  readonly branches: { readonly tube: TrainableBranch; readonly temporal: TrainableBranch };
  setNormalizer(n: FeatureNormalizer): void;
  getNormalizer(): FeatureNormalizer;
}
