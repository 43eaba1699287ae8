import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFile, readTubes, readVideolets, silentLogger, writeDetections, type VideoEntry } from '@wsstad/core';
import { linkDetectionsFile, linkOutputPaths, linkStage } from './stage';
import { columns, track } from './fixtures';

describe('linkStage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tube-linker-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const video: VideoEntry = { id: 'v001', uri: 'synth:tiny/1/0', split: 'test', label: 'abnormal', category: 'fall' };
  const writeInput = (dets = track(0, 60, 0, 0, 1, 0)) => {
    const path = join(dir, 'v001.detections.arrow');
    writeDetections(path, columns(dets, 25, 640), {
      stage: 'detect',
      codeVersion: 'x',
      paramsHash: 'y',
      inputs: {},
      videoId: 'v001',
    });
    return path;
  };

  it('declares its contract', () => {
    expect(linkStage).toMatchObject({
      name: 'link',
      scope: 'video',
      inputs: ['detections'],
      outputs: ['tubes', 'videolets'],
    });
    expect(linkStage.normalizeParams({ zeta1: 30 }).zeta1).toBe(30);
  });

  it('reads detections and writes tubes and videolets with lineage', async () => {
    const input = writeInput();
    const params = linkStage.normalizeParams({ zeta1: 60, zeta2: 60 });
    await linkStage.run({
      params,
      video,
      datasetDir: dir,
      inputs: { detections: input },
      outputPath: (n) => join(dir, `out.${n}.arrow`),
      seed: 0,
      log: silentLogger,
    });
    const t = readTubes(join(dir, 'out.tubes.arrow'));
    expect(t.tubes.map((x) => [x.kind, x.frames.length])).toEqual([
      ['unary', 60],
      ['multivariate', 60],
    ]);
    expect(t.video.frameCount).toBe(640);
    expect(t.lineage).toMatchObject({ stage: 'link', videoId: 'v001', inputs: { detections: await hashFile(input) } });
    const v = readVideolets(join(dir, 'out.videolets.arrow'));
    expect(v.videolets).toHaveLength(32);
    expect(v.videolets.at(-1)!.endFrame).toBe(640);
    // Same params hash in both outputs, different for other params.
    expect(v.lineage.paramsHash).toBe(t.lineage.paramsHash);
  });

  it('links a file with no detections into an empty tubes artifact', async () => {
    const input = writeInput([]);
    const r = await linkDetectionsFile(input, linkOutputPaths(input, dir), linkStage.normalizeParams({}));
    expect(r.tubes).toBe(0);
    expect(readTubes(r.tubesPath).tubes).toEqual([]);
    expect(r.tubesPath).toBe(join(dir, 'v001', 'tubes.arrow'));
  });
});
