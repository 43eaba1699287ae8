import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { silentLogger, type VideoEntry } from '@wsstad/core';
import { datasetKey, keyEntry, videoKey } from './keys';
import { warnEmptySplits } from './splits';
import type { PlannedStage } from './types';

const stage = (readsGroundTruth: unknown, params: unknown = {}, splits?: Array<'train' | 'test'>): PlannedStage => ({
  name: 's',
  uses: 's',
  def: { readsGroundTruth } as never,
  params,
  paramsHash: 'p',
  inputs: [],
  index: 0,
  ...(splits ? { splits } : {}),
});
const v: VideoEntry = { id: 'a', uri: 'a.mp4', split: 'test', label: 'abnormal', category: 'Fall' };
const withGt: VideoEntry = { ...v, groundTruth: 'gt/a.json' };

describe('cache keys and ground truth', () => {
  it('a stage that does not read ground truth keeps its key when annotations are added', () => {
    const s = stage(false);
    expect(videoKey(s, 'c', { x: 'h' }, withGt, undefined, 0)).toBe(videoKey(s, 'c', { x: 'h' }, v, undefined, 0));
    expect(datasetKey(s, 'c', {}, [[withGt, { x: 'h' }]], 0)).toBe(datasetKey(s, 'c', {}, [[v, { x: 'h' }]], 0));
    expect(keyEntry(s, withGt)).toEqual(v);
  });

  it('a stage that reads it (or does not say) gets a new key', () => {
    for (const s of [
      stage(true),
      stage(undefined),
      stage((p: { kind: string }) => p.kind === 'oracle', { kind: 'oracle' }),
    ]) {
      expect(videoKey(s, 'c', {}, withGt, undefined, 0)).not.toBe(videoKey(s, 'c', {}, v, undefined, 0));
    }
    const bgs = stage((p: { kind: string }) => p.kind === 'oracle', { kind: 'background-subtraction' });
    expect(videoKey(bgs, 'c', {}, withGt, undefined, 0)).toBe(videoKey(bgs, 'c', {}, v, undefined, 0));
  });

  it('the other entry fields still count (a relabelled video is recomputed)', () => {
    const s = stage(false);
    expect(videoKey(s, 'c', {}, { ...v, label: 'normal' }, undefined, 0)).not.toBe(
      videoKey(s, 'c', {}, v, undefined, 0),
    );
  });
});

describe('empty splits', () => {
  it('warns, naming the split, the stages and the manifest, when a split-only stage has no videos', () => {
    const warned: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => warned.push(m) };
    const out = warnEmptySplits(
      'p',
      [stage(false, {}, ['train']), stage(false, {}, ['test'])],
      { videos: [{ ...v, split: 'train' }], manifest: '/d/m.json' },
      log as never,
    );
    expect(out).toHaveLength(1);
    expect(warned[0]).toMatch(/no test videos, so s \(test split only\) will have nothing to score.*\/d\/m\.json/);
    // all-split stages: no warning
    expect(warnEmptySplits('p', [stage(false)], { videos: [], manifest: 'm' }, silentLogger)).toEqual([]);
  });
});

describe('the committed tree', () => {
  it('pipeline.lock.json (rewritten by every run) is git-ignored and not tracked', () => {
    const root = join(__dirname, '..', '..', '..');
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^pipelines\/\*\/pipeline\.lock\.json$/m);
    const r = spawnSync('git', ['ls-files', 'pipelines'], { cwd: root, encoding: 'utf8' });
    // (no git: the .gitignore check above still holds)
    if (r.status === 0) expect(r.stdout).not.toMatch(/pipeline\.lock\.json/);
  });
});
