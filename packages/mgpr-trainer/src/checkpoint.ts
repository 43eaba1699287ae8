import { existsSync, rmSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs';
import { readBundle, writeBundle, type BundleTensor, type Tf, type TrainableBranch } from '@wsstad/relationship-module';
import type { Adam } from './adam';
import type { TrainLogRow } from './types';

const BASE = 'checkpoint';

export interface CheckpointState {
  fingerprint: string;
  /** The next iteration to run. */
  iteration: number;
  log: TrainLogRow[];
  best: { iteration: number; vauc: number } | null;
}

export interface Trainee {
  branch: TrainableBranch;
  adam?: Adam;
}

const dataOf = (t: TF.Tensor) => Float32Array.from(t.dataSync() as Float32Array);

/** Everything needed to continue bit-for-bit: weights, Adam moments and step, best snapshot, log. */
export function saveCheckpoint(
  dir: string,
  state: CheckpointState,
  trainees: readonly Trainee[],
  bestSnapshot: Float32Array[][] | null,
): void {
  const tensors: BundleTensor[] = [];
  const adamT: Record<string, number> = {};
  trainees.forEach(({ branch, adam }, bi) => {
    branch.variables.forEach((v, i) => {
      tensors.push({ name: `w/${branch.name}/${i}`, shape: v.shape.slice(), data: dataOf(v) });
      if (adam) {
        tensors.push({ name: `m/${branch.name}/${i}`, shape: v.shape.slice(), data: dataOf(adam.m[i]!) });
        tensors.push({ name: `v/${branch.name}/${i}`, shape: v.shape.slice(), data: dataOf(adam.v[i]!) });
      }
      if (bestSnapshot)
        tensors.push({ name: `best/${branch.name}/${i}`, shape: v.shape.slice(), data: bestSnapshot[bi]![i]! });
    });
    if (adam) adamT[branch.name] = adam.t;
  });
  writeBundle(dir, BASE, { ...state, adamT, hasBest: bestSnapshot !== null }, tensors);
}

/**
 * Restore a checkpoint written for the same fingerprint; returns null when there is none (or it is for another run).
 */
export function loadCheckpoint(
  tf: Tf,
  dir: string,
  fingerprint: string,
  trainees: readonly Trainee[],
): { state: CheckpointState; bestSnapshot: Float32Array[][] | null } | null {
  if (!existsSync(`${dir}/${BASE}.json`)) return null;
  const { meta, tensors } = readBundle(dir, BASE);
  if (meta.fingerprint !== fingerprint) return null;
  const get = (k: string) => tensors.get(k)!.data;
  const adamT = meta.adamT as Record<string, number>;
  tf.tidy(() =>
    trainees.forEach(({ branch, adam }) => {
      branch.variables.forEach((v, i) => {
        v.assign(tf.tensor(get(`w/${branch.name}/${i}`), v.shape));
        if (adam) {
          adam.m[i]!.assign(tf.tensor(get(`m/${branch.name}/${i}`), v.shape));
          adam.v[i]!.assign(tf.tensor(get(`v/${branch.name}/${i}`), v.shape));
        }
      });
      if (adam) adam.t = adamT[branch.name] ?? 0;
    }),
  );
  const bestSnapshot = meta.hasBest
    ? trainees.map(({ branch }) => branch.variables.map((_, i) => get(`best/${branch.name}/${i}`)))
    : null;
  return {
    state: {
      fingerprint,
      iteration: meta.iteration as number,
      log: meta.log as TrainLogRow[],
      best: meta.best as CheckpointState['best'],
    },
    bestSnapshot,
  };
}

export function removeCheckpoint(dir: string): void {
  rmSync(`${dir}/${BASE}.json`, { force: true });
  rmSync(`${dir}/${BASE}.bin`, { force: true });
}
