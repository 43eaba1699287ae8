import type { Variant } from './types';

const v = (x: Variant): Variant => Object.freeze(x);

/**
 * The method and its baselines/ablations, one per row of the paper's tables. Single-branch
 * variants have no counterpart to guide them, so they use rank+ce (mg-rank with weight 1).
 */
export const VARIANTS: Readonly<Record<string, Variant>> = Object.freeze({
  mgpr: v({
    doc: 'the full method: dual branch, attention, unary + multivariate tubes, L_MG-Rank + L_CE (eq. 8)',
    table: 'Table 1 "Ours"',
    branches: 'dual',
    loss: 'mg-rank+ce',
    relation: 'attention',
    multivariate: true,
  }),
  'temporal-only': v({
    doc: 'temporal branch alone, rank + CE',
    table: 'Table 2 row 1',
    branches: 'temporal',
    loss: 'rank+ce',
    relation: 'attention',
    multivariate: true,
  }),
  'tube-only': v({
    doc: 'tube branch alone, rank + CE',
    table: 'Table 2 row 2',
    branches: 'tube',
    loss: 'rank+ce',
    relation: 'attention',
    multivariate: true,
  }),
  'tube-only-no-rmm': v({
    doc:
      "tube branch alone, rank + CE, scorer only: with model.scorer linear, the trainer's form of the diagnosis " +
      "ladder's plain MIL baseline (isolates the trainer's sampling, standardiser and model selection)",
    table: 'diagnostic (issue 15), not in the paper',
    branches: 'tube',
    loss: 'rank+ce',
    relation: 'none',
    multivariate: true,
  }),
  'loss-rank': v({
    doc: 'dual branch, plain MIL ranking loss only',
    table: 'Table 3 row 1',
    branches: 'dual',
    loss: 'rank',
    relation: 'attention',
    multivariate: true,
  }),
  'loss-mg-rank': v({
    doc: 'dual branch, mutually-guided ranking loss only',
    table: 'Table 3 row 2',
    branches: 'dual',
    loss: 'mg-rank',
    relation: 'attention',
    multivariate: true,
  }),
  'loss-ce': v({
    doc: 'dual branch, cross-entropy only',
    table: 'Table 3 row 3',
    branches: 'dual',
    loss: 'ce',
    relation: 'attention',
    multivariate: true,
  }),
  'loss-rank-ce': v({
    doc: 'dual branch, ranking + cross-entropy (no mutual guidance)',
    table: 'Table 3 row 4',
    branches: 'dual',
    loss: 'rank+ce',
    relation: 'attention',
    multivariate: true,
  }),
  'no-mvt': v({
    doc: 'without multivariate tubes (unary tubes only)',
    table: 'Table 4 row 1',
    branches: 'dual',
    loss: 'mg-rank+ce',
    relation: 'attention',
    multivariate: false,
  }),
  'no-rmm': v({
    doc: 'without the relationship module (scorer only)',
    table: 'Table 4 row 2',
    branches: 'dual',
    loss: 'mg-rank+ce',
    relation: 'none',
    multivariate: true,
  }),
  gcn: v({
    doc: 'GCLNC-style graph convolution instead of the relationship module',
    table: 'Table 4 row 3',
    branches: 'dual',
    loss: 'mg-rank+ce',
    relation: 'gcn',
    multivariate: true,
  }),
  dmrm: v({
    doc: "Sultani et al.'s DMRM: videolets, scorer only, hinge + smoothness + sparsity",
    table: 'Table 1 DMRM',
    branches: 'temporal',
    loss: 'dmrm',
    relation: 'none',
    multivariate: true,
  }),
});
