import type { TrainConfig } from './types';

/**
 * Sized for the synthetic benchmark (a few hundred feature dims, 100-200 training videos): the default variant trains
 * in a minute or two on 2 cores.
 */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  /** Key of VARIANTS: the method ('mgpr') or a baseline/ablation. */
  variant: 'mgpr',
  /**
   * Training seed; null = the pipeline's seed. Set per run by the experiment runner (several seeds, cached upstream
   * stages).
   */
  seed: null,
  /** Algorithm 3 iterations (each trains the temporal then the tube branch on one mini-batch). */
  iterations: 150,
  /** Abnormal videos sampled per mini-batch (paper: 30). */
  batchAbnormal: 30,
  /** Normal videos sampled per mini-batch (paper: 30). */
  batchNormal: 30,
  /** Adam learning rate (paper: 0.0005). */
  learningRate: 0.0005,
  /**
   * Adam learning rate of the relation's weights (attention W_q,k,v, GCN projections); null = learningRate. A linear
   * scorer learns at plain MIL's 0.01, where the D x D projections diverge (issue 15: the tube loss sticks at 17).
   */
  relationLearningRate: null,
  /**
   * Tubes per video in the tube branch's bag, highest tube score first, each giving subTubes instances (paper: 200).
   */
  maxTubes: 200,
  /** Sub-tubes per tube as training instances (1 = the paper; inference always splits into M). */
  subTubes: 1,
  /**
   * How a branch scores the other's max instance: 'in-bag' (the whole counterpart bag, read out at the max) or 'single'
   * (a bag of one).
   */
  guidance: 'in-bag',
  /**
   * Scale of the guidance weights in L_MG-Rank: 'raw' = the counterpart's probabilities as they are
   * (the paper's text); 'batch-mean' = divided by their mean over the mini-batch's abnormal bags.
   */
  guidanceWeights: 'raw',
  /** Ranking pairs: 'all' abnormal x normal pairs averaged (Sultani's official code) or 'index' (i-th with i-th). */
  pairing: 'all',
  /** Share of training videos of each label held out for validation VAUC (model selection). */
  validationFraction: 0.2,
  /** Validate every this many iterations (and after the last). */
  validateEvery: 10,
  /** Keep the weights of the best validation VAUC (else the last). */
  selectBest: true,
  /** Write a resumable checkpoint every this many iterations (0 = never). */
  checkpointEvery: 25,
  /** Keep checkpoints after a successful run. */
  keepCheckpoints: false,
  /** Bags per forward/backward (0 = as many as memoryBudgetMB allows; gradients are accumulated exactly). */
  microBatch: 0,
  /** Activation memory budget per micro-batch (MiB) when microBatch is 0; tfjs-wasm's heap is 4 GiB in all. */
  memoryBudgetMB: 1024,
  /**
   * Compute engine of training and of the trainer's scoring (guidance, validation): 'auto' =
   * onnxruntime-node for relation 'attention' and 'none' (2 threads here: measured about 4x faster
   * than tfjs-wasm at D = 512, and it runs D = 4096, which tfjs-wasm cannot; see README), tfjs for
   * 'gcn' (not implemented on onnxruntime); 'tfjs' or 'onnxruntime' force one ('onnxruntime' with a
   * gcn variant is a ConfigError).
   */
  engine: 'auto',
  /**
   * onnxruntime device: 'cpu', 'cuda' (needs onnxruntime-node's CUDA binaries; untested here) or 'auto' (CUDA when it
   * loads, else CPU).
   */
  engineDevice: 'cpu',
  /**
   * Feature normaliser fitted on the training split and saved with the model: 'standardize' = one
   * per-dimension mean/std over region, image-level and videolet instances together;
   * 'standardize-per-input' = one for region crops, one for whole-frame inputs; 'none'.
   */
  normalizer: 'standardize',
  /** L2 placement when pooling clip features into instances (core meanPool). */
  poolL2: 'after',
  /**
   * Calibration: the threshold stored in model.json is the smallest score that at most this share of
   * the held-out normal validation videos exceed (5%: one false alarm in twenty normal videos).
   */
  falseAlarmRate: 0.05,
  /**
   * Sub-tubes per tube when scoring validation videos for calibration; null = as trained (what inference scores by
   * default).
   */
  calibrationSubTubes: null,
  /** Tubes per video when scoring validation videos for calibration; null = as trained (maxTubes). */
  calibrationMaxTubes: null,
  /** DMRM temporal smoothness weight (Sultani: 8e-5). */
  dmrmSmoothness: 8e-5,
  /** DMRM sparsity weight (Sultani: 8e-5). */
  dmrmSparsity: 8e-5,
  /**
   * Overrides of the relationship-module config (heads, scorer, hidden, hidden2Activation, outputInit, dropout, l2,
   * gcnLayers, gcnTemporalScale).
   */
  model: Object.freeze({}),
});
