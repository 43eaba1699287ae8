import type { ModelCandidates, TrainConfig } from './types';
import { VARIANTS } from './variants';

/**
 * The candidates the model was trained on (model.json `candidates`): inference, calibration and the
 * diagnosis ladder score the same shape by default, so the relationship module always attends over
 * bags like those it was trained on.
 */
export function modelCandidates(cfg: TrainConfig): ModelCandidates {
  const multivariate = VARIANTS[cfg.variant]!.multivariate;
  return { subTubes: cfg.subTubes, maxTubes: cfg.maxTubes, multivariate, pooling: cfg.poolL2 };
}
