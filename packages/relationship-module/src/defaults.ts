import type { ModelConfig } from './types';

/** Version of the saved-model directory format; loadModel rejects other versions. */
export const MODEL_FORMAT_VERSION = 1;

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
  /** Instance feature dimension D (4096 for C3D fc6; the weight-free backbone gives a few hundred). */
  featureDim: 4096,
  /**
   * 'attention': the paper's relationship module (eq. 1-3); 'gcn': GCLNC-style graph convolution; 'none': scorer only.
   */
  relation: 'attention',
  /** Attention heads H (eq. 2); must divide featureDim. */
  heads: 8,
  /**
   * Initial attention projections: 'glorot' (uniform, all three) or 'zero-value' (W_v = 0: the module starts as the
   * identity through eq. 3's residual and learns how much to mix in; W_q, W_k glorot).
   */
  attentionInit: 'glorot',
  /**
   * 'none': eq. 3 as written, Z = X + MultiHead(X). 'bag-mean': Z = X + (MultiHead(X) - its mean over the bag's real
   * instances), so the relation can only move an instance relative to the others of its video, never the whole bag at
   * once, and a bag of one is scored as without relation (docs/diagnosis-ladder.md, "Centred attention").
   */
  attentionCentering: 'none',
  /**
   * 'mlp': Sultani's 3-layer scorer D -> hidden[0] -> hidden[1] -> 1 (the paper); 'linear': one D -> 1 layer (the
   * output layer fc3 reads the relation's output directly; hidden, hidden2Activation and dropout do not apply), the
   * plain MIL baseline's scorer (docs/diagnosis-ladder.md, "The trainer against plain MIL").
   */
  scorer: 'mlp',
  /** Hidden widths of Sultani's 3-layer scorer D -> 512 -> 32 -> 1 ('mlp' only). */
  hidden: Object.freeze([512, 32]) as readonly [number, number],
  /** Activation after the 32-wide layer: 'linear' as in Sultani's official Keras code (many ports add ReLU). */
  hidden2Activation: 'linear',
  /**
   * Initial output-layer kernel (32 -> 1, or D -> 1 for the linear scorer): 'glorot' (Keras' default, Sultani's code)
   * or 'zero' (every score starts at sigmoid(0) = 0.5, so Adam's first coherent steps cannot saturate the bag maxima).
   */
  outputInit: 'glorot',
  /** Dropout rate after each hidden layer (Sultani: 0.6; 'mlp' only). */
  dropout: 0.6,
  /** L2 weight on the scorer's kernels (Keras l2(0.001): 0.001 * sum of squares). */
  l2: 0.001,
  /**
   * L2 weight on the relation's projections (attention W_q, W_k, W_v or the GCN's): 0 = none, as in the paper, which
   * regularises only Sultani's scorer.
   */
  relationL2: 0,
  /** Graph-convolution layers for relation 'gcn' (1 or 2). */
  gcnLayers: 1,
  /** Temporal-proximity adjacency exp(-|t_i - t_j| / scale), t in [0, 1] of the video ('gcn' only). */
  gcnTemporalScale: 1 / 32,
  /** Which branches the model uses: 'dual' (eq. 9 average), 'tube' or 'temporal' only. */
  branches: 'dual',
});
