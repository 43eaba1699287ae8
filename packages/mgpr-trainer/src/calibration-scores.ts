import type { Logger, VideoEntry } from '@wsstad/core';
import { buildVideoBags, type VideoArtifactPaths } from './bags';
import { videoScores, type BagInput } from './batch';
import { calibrateThreshold, type Calibration } from './calibration';
import type { TrainResult } from './train';
import { modelCandidates } from './candidates';
import type { TrainConfig } from './types';

/**
 * Calibrate a trained model on its held-out validation videos. Each video is scored as inference
 * scores a new one (eq. 9 over the model's candidates: its tubes highest score first, up to
 * maxTubes, split into subTubes sub-tubes, unless calibrationSubTubes / calibrationMaxTubes say
 * otherwise; one bag per branch, max over candidates), so the threshold applies to `wsstad infer`
 * scores. Videos without any tube fall back
 * to one whole-frame instance (inference uses the temporal branch's segment max instead).
 * Returns null, with a warning, when no normal validation video exists.
 */
export function calibrateOnValidation(
  res: Pick<TrainResult, 'model' | 'validationIds'>,
  videos: ReadonlyArray<{ video: VideoEntry; inputs: Readonly<Record<string, string>> }>,
  cfg: TrainConfig,
  log: Logger,
): Calibration | null {
  const ids = new Set(res.validationIds);
  const val = videos.filter((v) => ids.has(v.video.id));
  if (!val.some((v) => v.video.label === 'normal')) {
    log.warn(
      'no normal video was held out for validation: the model has no calibrated threshold (infer prints ' +
        'raw scores only); raise validationFraction or add normal training videos',
    );
    return null;
  }
  const m = res.model;
  const trained = modelCandidates(cfg);
  // null = as trained, which is also what inference scores by default (model.json `candidates`).
  const shape = {
    ...trained,
    subTubes: cfg.calibrationSubTubes ?? trained.subTubes,
    maxTubes: cfg.calibrationMaxTubes ?? trained.maxTubes,
  };
  const region: BagInput[] = [];
  const image: BagInput[] = [];
  for (const { video, inputs } of val) {
    const b = buildVideoBags(video.id, video.label, inputs as unknown as VideoArtifactPaths, {
      maxTubes: shape.maxTubes,
      multivariate: shape.multivariate,
      poolL2: cfg.poolL2,
      subTubes: shape.subTubes,
    });
    region.push({ features: m.normalize(b.tube.region, b.tube.n), n: b.tube.n, positions: b.tube.positions });
    image.push({ features: m.normalize(b.tube.image, b.tube.n, 'frame'), n: b.tube.n, positions: b.tube.positions });
  }
  const scores = videoScores(m.tf, m, region, image, cfg.memoryBudgetMB);
  const isNormal = (i: number) => val[i]!.video.label === 'normal';
  const normal = scores.filter((_, i) => isNormal(i));
  const abnormal = scores.filter((_, i) => !isNormal(i));
  const source =
    `${normal.length} held-out normal validation videos, scored like inference (M=${shape.subTubes}, ` +
    `up to ${shape.maxTubes || 'all'} tubes)`;
  const cal = calibrateThreshold(normal, cfg.falseAlarmRate, abnormal, source);
  // Inference's single-candidate ('split') scores: each candidate a bag of its own.
  const alone = videoScores(m.tf, m, region, image, cfg.memoryBudgetMB, undefined, true);
  const c = calibrateThreshold(
    alone.filter((_, i) => isNormal(i)),
    cfg.falseAlarmRate,
  );
  const { threshold, achievedFalseAlarmRate, normalScores } = c;
  cal.candidate = { threshold, achievedFalseAlarmRate, normalScores };
  log.info(
    `calibration: threshold ${cal.threshold.toFixed(4)} at ${(100 * cfg.falseAlarmRate).toFixed(1)}% ` +
      `false alarms on ${normal.length} normal validation videos`,
  );
  return cal;
}
