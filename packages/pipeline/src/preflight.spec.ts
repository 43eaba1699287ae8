import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, InputError } from '@wsstad/core';
import { runPipeline } from './runner';

/** The real-data pipelines fail at once, naming what is missing, and compute nothing. */
const REPO = resolve(__dirname, '..', '..', '..');

describe('real-data pipelines fail at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-preflight-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['st-ucf-crime', 'stra'])('%s without its data names the missing manifest', async (name) => {
    const store = join(dir, `store-${name}`);
    const err = await runPipeline(join(REPO, 'pipelines', name, 'pipeline.yaml'), { store }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(new RegExp(`data/${name}/manifest\\.json: cannot read dataset manifest`));
    expect(existsSync(join(store, 'manifests'))).toBe(false);
  });

  it('lists missing videos and weights together, before any stage runs', async () => {
    const pdir = join(dir, 'p');
    mkdirSync(pdir);
    const yaml = readFileSync(join(REPO, 'pipelines', 'st-ucf-crime', 'pipeline.yaml'), 'utf8')
      .replace('../../data/st-ucf-crime/manifest.json', 'manifest.json')
      .replaceAll('models/faster_rcnn.onnx', join(dir, 'nope', 'frcnn.onnx'))
      .replaceAll('models/c3d.safetensors', join(dir, 'nope', 'c3d.safetensors'));
    writeFileSync(join(pdir, 'pipeline.yaml'), yaml);
    writeFileSync(join(pdir, 'manifest.json'), JSON.stringify({ videos: [
      { id: 'a', uri: 'videos/a.mp4', split: 'train', label: 'normal', category: 'normal' },
      { id: 'b', uri: 'videos/b.mp4', split: 'test', label: 'abnormal', category: 'Abuse' },
    ] }));
    const store = join(dir, 'store-p');
    const err = await runPipeline(join(pdir, 'pipeline.yaml'), { store }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/3 missing input\(s\)/);
    expect(err.message).toMatch(/2 of 2 video file\(s\).*videos\/a\.mp4/);
    expect(err.message).toMatch(/stage 'detect': ONNX detector model \(detector\.model\) not found: .*frcnn\.onnx/);
    expect(err.message).toMatch(/stage 'features': C3D weights \(c3d\.weights\) not found: .*c3d\.safetensors/);
    expect(existsSync(join(store, 'manifests'))).toBe(false);
  });
});
