import type { Logger } from '@wsstad/core';
import type { Dataset, PlannedStage } from './types';

/**
 * A clear warning, before any stage runs, for each split that selected stages run on but the
 * dataset leaves empty (e.g. a folder imported without a test/ subfolder): those stages would
 * otherwise run on nothing, or fail late with a less direct message. Returns the warnings.
 */
export function warnEmptySplits(
  pipeline: string,
  stages: readonly PlannedStage[],
  dataset: Pick<Dataset, 'videos' | 'manifest'>,
  log: Logger,
): string[] {
  const out: string[] = [];
  for (const split of ['train', 'test'] as const) {
    const users = stages
      .filter((s) => s.splits?.includes(split) && !s.splits.includes(split === 'train' ? 'test' : 'train'))
      .map((s) => s.name);
    if (!users.length || dataset.videos.some((v) => v.split === split)) continue;
    const msg =
      `pipeline '${pipeline}': the dataset has no ${split} videos, so ${users.join(', ')} (${split} ` +
      `split only) will have nothing to ${split === 'train' ? 'train on' : 'score'}. ` +
      `Fix: give videos split: ${split} in the dataset manifest (${dataset.manifest}), e.g. import a ` +
      `folder with ${split}/normal and ${split}/abnormal subfolders`;
    log.warn(msg);
    out.push(msg);
  }
  return out;
}
