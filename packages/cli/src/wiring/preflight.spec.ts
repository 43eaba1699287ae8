import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, InputError } from '@wsstad/core';
import { writeFakeUcfCrime } from '@wsstad/c3d-features';
import { importUcfCrimeSplits, writeImport } from '@wsstad/video';
import { runPipeline } from '@wsstad/pipeline';
import { APP } from './app-wiring';

/** The real-data pipelines fail at once, naming what is missing, and compute nothing. */
const REPO = resolve(__dirname, '..', '..', '..', '..');

describe('real-data pipelines fail at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-preflight-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['st-ucf-crime', 'stra', 'ucf-crime'])('%s without its data names the missing manifest', async (name) => {
    const store = join(dir, `store-${name}`);
    const err = await runPipeline(join(REPO, 'pipelines', name, 'pipeline.yaml'), { ...APP, store }).catch((e) => e);
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
    writeFileSync(
      join(pdir, 'manifest.json'),
      JSON.stringify({
        videos: [
          { id: 'a', uri: 'videos/a.mp4', split: 'train', label: 'normal', category: 'normal' },
          { id: 'b', uri: 'videos/b.mp4', split: 'test', label: 'abnormal', category: 'Abuse' },
        ],
      }),
    );
    const store = join(dir, 'store-p');
    const err = await runPipeline(join(pdir, 'pipeline.yaml'), { ...APP, store }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/3 missing input\(s\)/);
    expect(err.message).toMatch(/2 of 2 video file\(s\).*videos\/a\.mp4/);
    expect(err.message).toMatch(/stage 'detect': ONNX detector model \(detector\.model\) not found: .*frcnn\.onnx/);
    expect(err.message).toMatch(/stage 'features': C3D weights \(c3d\.weights\) not found: .*c3d\.safetensors/);
    expect(existsSync(join(store, 'manifests'))).toBe(false);
  });

  describe('ucf-crime (imported features, no videos)', () => {
    /**
     * The repo's pipeline file over a fake UCF-Crime layout at <tmp>/data/ucf-crime (split files, features, frame
     * counts; no videos).
     */
    const setup = (name: string) => {
      const base = join(dir, name);
      const data = join(base, 'data', 'ucf-crime');
      const fake = writeFakeUcfCrime(data, { trainPerLabel: 2, testPerLabel: 1, dim: 4 });
      writeImport(
        importUcfCrimeSplits({
          trainList: join(data, 'Anomaly_Train.txt'),
          testList: join(data, 'Anomaly_Test.txt'),
          annotations: join(data, 'Temporal_Anomaly_Annotation_for_Testing_Videos.txt'),
        }),
        data,
      );
      mkdirSync(join(base, 'pipelines', 'ucf-crime'), { recursive: true });
      const pipeline = join(base, 'pipelines', 'ucf-crime', 'pipeline.yaml');
      writeFileSync(pipeline, readFileSync(join(REPO, 'pipelines', 'ucf-crime', 'pipeline.yaml'), 'utf8'));
      return { data, fake, pipeline, store: join(base, 'store') };
    };

    it('a missing features directory fails at once, naming it; the absent videos are not asked for', async () => {
      const { data, pipeline, store } = setup('no-dir');
      rmSync(join(data, 'features'), { recursive: true });
      const err = await runPipeline(pipeline, { ...APP, store }).catch((e) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(/1 missing input\(s\)/);
      expect(err.message).toContain(
        `stage 'import-features': sultani-txt features directory (dir) not found for 6 of 6 ` +
          `video(s): ${join(data, 'features')}`,
      );
      expect(err.message).not.toMatch(/video file\(s\)/);
      expect(existsSync(join(store, 'manifests'))).toBe(false);
    });

    it('a missing feature file and frame count fail at once, naming the file, the video and the fix', async () => {
      const { data, fake, pipeline, store } = setup('no-file');
      const gone = fake.videos.find((v) => v.split === 'train' && !v.abnormal)!.file.replace('.mp4', '.txt');
      rmSync(join(data, 'features', gone));
      const test = fake.videos.find((v) => v.split === 'test' && v.abnormal)!.file;
      writeFileSync(
        join(data, 'frame_counts.txt'),
        readFileSync(join(data, 'frame_counts.txt'), 'utf8')
          .split('\n')
          .filter((l) => !l.startsWith(test))
          .join('\n'),
      );
      const err = await runPipeline(pipeline, { ...APP, store }).catch((e) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(/2 missing input\(s\)/);
      expect(err.message).toContain(
        `stage 'import-features': sultani-txt feature file (pattern '{name}.txt') not found for 1 of 6 ` +
          `video(s): ${join(data, 'features', gone)}; fix:`,
      );
      expect(err.message).toMatch(/fix: one file per video in .*features, named by the pattern/);
      expect(err.message).toMatch(
        new RegExp(
          `frame count of a test video \\(not in frame_counts\\.txt\\): 1 of 6 video\\(s\\), ` +
            `e\\.g\\. ${test.replace('.mp4', '')}: sultani-txt features do not record the length; ` +
            `fix: .*frameCounts`,
        ),
      );
      expect(existsSync(join(store, 'manifests'))).toBe(false);
    });
  });
});
