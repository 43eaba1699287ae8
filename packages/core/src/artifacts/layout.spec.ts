import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findWorkArtifact,
  listWorkArtifacts,
  videoIdOfArtifact,
  workArtifactPath,
  workFolderOfArtifact,
} from './layout';

const dir = mkdtempSync(join(tmpdir(), 'wsstad-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const touch = (...p: string[]) => {
  mkdirSync(join(dir, ...p.slice(0, -1)), { recursive: true });
  writeFileSync(join(dir, ...p), '');
};

describe('work-folder layout', () => {
  it('puts each artifact at <work>/<id>/<artifact>.arrow and finds it there first', () => {
    expect(workArtifactPath(dir, 'v1', 'tubes')).toBe(join(dir, 'v1', 'tubes.arrow'));
    touch('v1', 'tubes.arrow');
    touch('v1.tubes.arrow');
    expect(findWorkArtifact(dir, 'v1', 'tubes')).toEqual({ path: join(dir, 'v1', 'tubes.arrow'), legacy: false });
  });

  it('still finds the deprecated flat and per-kind layouts, flagged legacy', () => {
    touch('v2.frame-scores.arrow');
    touch('video-scores', 'v2.arrow');
    const flat = join(dir, 'v2.frame-scores.arrow');
    expect(findWorkArtifact(dir, 'v2', 'frame-scores')).toEqual({ path: flat, legacy: true });
    const perKind = join(dir, 'video-scores', 'v2.arrow');
    expect(findWorkArtifact(dir, 'v2', 'video-scores')).toEqual({ path: perKind, legacy: true });
    expect(findWorkArtifact(dir, 'v3', 'tubes')).toBeUndefined();
  });

  it('lists a folder: the layout by id, then flat files of ids without a folder', () => {
    touch('v0', 'detections.arrow');
    touch('v9', 'detections.arrow');
    touch('v5.detections.arrow');
    touch('v9.detections.arrow');
    expect(listWorkArtifacts(dir, 'detections')).toEqual([
      { path: join(dir, 'v0', 'detections.arrow'), legacy: false, videoId: 'v0' },
      { path: join(dir, 'v9', 'detections.arrow'), legacy: false, videoId: 'v9' },
      { path: join(dir, 'v5.detections.arrow'), legacy: true, videoId: 'v5' },
    ]);
    const one = { path: join(dir, 'v0', 'detections.arrow'), legacy: false, videoId: 'v0' };
    expect(listWorkArtifacts(join(dir, 'v0'), 'detections')).toEqual([one]);
    expect(listWorkArtifacts(join(dir, 'v5.detections.arrow'), 'detections')[0]!.videoId).toBe('v5');
  });

  it('names the video and the work folder of a file in either layout', () => {
    expect(videoIdOfArtifact('/w/v.1/clip-features.arrow', 'clip-features')).toBe('v.1');
    expect(videoIdOfArtifact('/w/v.1.clip-features.arrow', 'clip-features')).toBe('v.1');
    expect(videoIdOfArtifact('/w/t.arrow', 'tubes')).toBe('t');
    expect(workFolderOfArtifact('/w/v1/detections.arrow', 'detections')).toBe('/w');
    expect(workFolderOfArtifact('/w/v1.detections.arrow', 'detections')).toBe('/w');
  });
});
