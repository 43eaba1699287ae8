import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, InputError, ManifestError } from '@wsstad/core';
import { loadManifest, writeManifest, type Manifest } from './manifest';
import { readGroundTruth, writeGroundTruth } from './ground-truth';
import {
  boxAnnotationsToGroundTruth,
  importFolderLayout,
  importUcfCrime,
  importUcfCrimeSplits,
  writeImport,
} from './importers';

const dir = mkdtempSync(join(tmpdir(), 'wsstad-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = (): Manifest => ({
  version: 1,
  name: 'd',
  videos: [
    {
      id: 'a1',
      uri: 'videos/a1.mp4',
      split: 'test',
      label: 'abnormal',
      category: 'fight',
      groundTruth: 'gt/a1.gt.json',
    },
    { id: 'n_2.x', uri: 'synth:tiny/1/0', split: 'train', label: 'normal', category: 'normal' },
  ],
});

function loadWith(mutate: (m: Record<string, any>) => void): () => unknown {
  const m = good() as unknown as Record<string, any>;
  mutate(m);
  const p = join(dir, 'm.json');
  writeFileSync(p, JSON.stringify(m));
  return () => loadManifest(p);
}

describe('manifest', () => {
  it('round-trips a valid manifest', () => {
    const p = join(dir, 'ok.json');
    writeManifest(p, good());
    const m = loadManifest(p);
    expect(m.videos).toEqual(good().videos);
    expect(m.dir).toBe(dir);
  });

  it.each([
    [
      'bad id',
      (m: any) => {
        m.videos[0].id = '../etc';
      },
      /videos\[0\] \(id '\.\.\/etc'\): key 'id' must match/,
    ],
    [
      'id starting with a dot',
      (m: any) => {
        m.videos[0].id = '.hidden';
      },
      /key 'id'/,
    ],
    [
      'duplicate id',
      (m: any) => {
        m.videos[1].id = 'a1';
      },
      /videos\[1\] \(id 'a1'\): key 'id' duplicates/,
    ],
    [
      'uri traversal',
      (m: any) => {
        m.videos[0].uri = 'videos/../../x.mp4';
      },
      /videos\[0\] \(id 'a1'\): key 'uri' .*\(path traversal\)/,
    ],
    [
      'groundTruth traversal',
      (m: any) => {
        m.videos[0].groundTruth = '..\\gt.json';
      },
      /key 'groundTruth'.*path traversal/,
    ],
    [
      'bad split',
      (m: any) => {
        m.videos[0].split = 'val';
      },
      /key 'split' must be one of train, test, got "val"/,
    ],
    [
      'bad label',
      (m: any) => {
        m.videos[1].label = 'ok';
      },
      /key 'label' must be one of normal, abnormal/,
    ],
    [
      'missing category',
      (m: any) => {
        delete m.videos[1].category;
      },
      /key 'category'/,
    ],
    [
      'unknown key',
      (m: any) => {
        m.videos[0].score = 1;
      },
      /unknown key 'score'/,
    ],
    [
      'wrong version',
      (m: any) => {
        m.version = 2;
      },
      /key 'version' must be 1/,
    ],
  ])('rejects %s with a ManifestError naming file, entry and key', (_name, mutate, re) => {
    const load = loadWith(mutate);
    expect(load).toThrow(ManifestError);
    expect(load).toThrow(re);
    expect(load).toThrow(/m\.json/);
  });

  it('missing manifest and invalid JSON are InputErrors naming the file', () => {
    expect(() => loadManifest(join(dir, 'none.json'))).toThrow(InputError);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadManifest(join(dir, 'bad.json'))).toThrow(
      /bad\.json: cannot read the dataset manifest: not valid JSON/,
    );
  });

  it('reads a bare list and names it after its folder; writing still needs version and name', () => {
    const p = join(dir, 'list.json');
    writeFileSync(p, JSON.stringify(good().videos));
    expect(loadManifest(p)).toMatchObject({ version: 1, name: dir.split(/[\\/]/).pop(), videos: good().videos });
    expect(() => writeManifest(p, { videos: good().videos } as unknown as Manifest)).toThrow(/key 'version' must be 1/);
  });
});

describe('ground truth files', () => {
  it('round-trip and validation', () => {
    const gt = boxAnnotationsToGroundTruth(
      'Stealing019_x264',
      'Stealing',
      '# frame x1 y1 x2 y2\n11 10 10 20 30\n12, 11, 10, 21, 30\n12 30 5 40 12\n',
      { oneBased: true },
    );
    expect(gt.event).toEqual({
      type: 'Stealing',
      startFrame: 10,
      endFrame: 12,
      frames: [10, 11],
      boxes: [
        [10, 10, 20, 30],
        [11, 5, 40, 30],
      ],
    });
    const p = join(dir, 'g.gt.json');
    writeGroundTruth(p, gt);
    expect(readGroundTruth(p)).toEqual(gt);
    writeFileSync(
      p,
      JSON.stringify({
        format: 'wsstad-gt',
        version: 1,
        videoId: 'x',
        label: 'normal',
        event: { type: 'a', startFrame: 0, endFrame: 2, frames: [], boxes: [] },
      }),
    );
    expect(() => readGroundTruth(p)).toThrow(ArtifactError);
    expect(() => boxAnnotationsToGroundTruth('v', 't', '1 2 3')).toThrow(/line 1 must be 'frame x1 y1 x2 y2'/);
    const abn = (intervals: unknown) => ({
      format: 'wsstad-gt',
      version: 1,
      videoId: 'x',
      label: 'abnormal',
      event: { type: 'a', startFrame: 0, endFrame: 9, frames: [], boxes: [], intervals },
    });
    writeFileSync(p, JSON.stringify(abn([[5, 2]])));
    expect(() => readGroundTruth(p)).toThrow(/'event.intervals\[0\]' = \[5,2\] must be \[start, end\)/);
    writeFileSync(p, JSON.stringify(abn([[-2, -1]])));
    expect(() => readGroundTruth(p)).toThrow(ArtifactError);
    writeFileSync(p, JSON.stringify(abn([[2, 12]])));
    expect(() => readGroundTruth(p)).toThrow(/within \[startFrame, endFrame\)/);
    writeFileSync(
      p,
      JSON.stringify(
        abn([
          [1, 3],
          [5, 9],
        ]),
      ),
    );
    expect(readGroundTruth(p).event!.intervals).toEqual([
      [1, 3],
      [5, 9],
    ]);
  });
});

describe('importers', () => {
  const touch = (p: string) => {
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '');
  };

  it('imports the folder layout', () => {
    const root = join(dir, 'folder');
    touch(join(root, 'train/normal/walk 1.mp4'));
    touch(join(root, 'train/abnormal/Fighting/f1.avi'));
    touch(join(root, 'test/abnormal/crash.mkv'));
    touch(join(root, 'test/normal/readme.txt'));
    writeGroundTruth(join(root, 'test/gt/crash.gt.json'), {
      videoId: 'crash',
      label: 'abnormal',
      event: {
        type: 'crash',
        startFrame: 1,
        endFrame: 3,
        frames: [1, 2],
        boxes: [
          [0, 0, 5, 5],
          [0, 0, 6, 6],
        ],
      },
    });
    const r = importFolderLayout(root);
    expect(r.manifest.videos).toEqual([
      { id: 'walk_1', uri: 'train/normal/walk 1.mp4', split: 'train', label: 'normal', category: 'normal' },
      { id: 'f1', uri: 'train/abnormal/Fighting/f1.avi', split: 'train', label: 'abnormal', category: 'Fighting' },
      {
        id: 'crash',
        uri: 'test/abnormal/crash.mkv',
        split: 'test',
        label: 'abnormal',
        category: 'abnormal',
        groundTruth: 'test/gt/crash.gt.json',
      },
    ]);
    expect(loadManifest(writeImport(r, root)).videos.length).toBe(3);
    expect(() => importFolderLayout(join(dir, 'nothing'))).toThrow(InputError);
  });

  it('imports UCF-Crime with its temporal annotation file', () => {
    const root = join(dir, 'ucf');
    for (const f of [
      'Abuse/Abuse028_x264.mp4',
      'Abuse/Abuse001_x264.mp4',
      'Arson/Arson011_x264.mp4',
      'Testing_Normal_Videos_Anomaly/Normal_Videos_003_x264.mp4',
      'Training_Normal_Videos_Anomaly/Normal_Videos001_x264.mp4',
    ])
      touch(join(root, f));
    const ann = join(dir, 'Temporal_Anomaly_Annotation.txt');
    writeFileSync(
      ann,
      'Abuse028_x264.mp4  Abuse  165  240  -1  -1\nArson011_x264.mp4 Arson 150 420 680 1267\n' +
        'Normal_Videos_003_x264.mp4 Normal -1 -1 -1 -1\n',
    );
    const r = importUcfCrime(root, ann);
    const byId = Object.fromEntries(r.manifest.videos.map((v) => [v.id, v]));
    expect(byId.Abuse028_x264).toEqual({
      id: 'Abuse028_x264',
      uri: 'Abuse/Abuse028_x264.mp4',
      split: 'test',
      label: 'abnormal',
      category: 'Abuse',
      groundTruth: 'gt/Abuse028_x264.gt.json',
    });
    expect(byId.Normal_Videos_003_x264).toMatchObject({ split: 'test', label: 'normal', category: 'normal' });
    expect(byId.Abuse001_x264).toMatchObject({ split: 'train', label: 'abnormal', category: 'Abuse' });
    expect(byId.Normal_Videos001_x264).toMatchObject({ split: 'train', label: 'normal' });
    expect(r.groundTruth.Arson011_x264!.event).toMatchObject({
      startFrame: 149,
      endFrame: 1267,
      intervals: [
        [149, 420],
        [679, 1267],
      ],
    });
    const path = writeImport(r, root);
    expect(readGroundTruth(join(root, 'gt/Abuse028_x264.gt.json')).event!.intervals).toEqual([[164, 240]]);
    expect(loadManifest(path).videos.length).toBe(5);
    writeFileSync(ann, 'Abuse028_x264.mp4 Abuse 165\n');
    expect(() => importUcfCrime(root, ann)).toThrow(/line 1: expected/);
    // inverted or half-given intervals were silently dropped; now they name the line and the fix
    writeFileSync(ann, 'Abuse028_x264.mp4 Abuse 240 165 -1 -1\n');
    expect(() => importUcfCrime(root, ann)).toThrow(/line 1: interval 1 of 'Abuse028_x264.mp4' is \[240, 165\]/);
    writeFileSync(ann, 'Arson011_x264.mp4 Arson 150 420 680 -1\n');
    expect(() => importUcfCrime(root, ann)).toThrow(/line 1: interval 2/);
  });

  it('imports UCF-Crime from its official split files alone, without the videos', () => {
    const root = join(dir, 'ucf-splits');
    mkdirSync(root);
    const f = (name: string, text: string) => {
      writeFileSync(join(root, name), text);
      return join(root, name);
    };
    const files = {
      trainList: f(
        'Anomaly_Train.txt',
        'Abuse/Abuse001_x264.mp4\r\nTraining_Normal_Videos_Anomaly/Normal_Videos001_x264.mp4\n\n',
      ),
      testList: f(
        'Anomaly_Test.txt',
        'Abuse/Abuse028_x264.mp4\nArson/Arson011_x264.mp4\nTesting_Normal_Videos_Anomaly/Normal_Videos_003_x264.mp4\n',
      ),
      annotations: f(
        'Temporal_Anomaly_Annotation_for_Testing_Videos.txt',
        'Abuse028_x264.mp4  Abuse  165  240  -1  -1\nArson011_x264.mp4 Arson 150 420 680 1267\n' +
          'Normal_Videos_003_x264.mp4 Normal -1 -1 -1 -1\n',
      ),
    };
    const r = importUcfCrimeSplits(files);
    const byId = Object.fromEntries(r.manifest.videos.map((v) => [v.id, v]));
    expect(byId.Abuse028_x264).toEqual({
      id: 'Abuse028_x264',
      uri: 'Abuse/Abuse028_x264.mp4',
      split: 'test',
      label: 'abnormal',
      category: 'Abuse',
      groundTruth: 'gt/Abuse028_x264.gt.json',
    });
    expect(byId.Normal_Videos_003_x264).toMatchObject({ split: 'test', label: 'normal', category: 'normal' });
    expect(byId.Abuse001_x264).toEqual({
      id: 'Abuse001_x264',
      uri: 'Abuse/Abuse001_x264.mp4',
      split: 'train',
      label: 'abnormal',
      category: 'Abuse',
    });
    expect(byId.Normal_Videos001_x264).toMatchObject({ split: 'train', label: 'normal', category: 'normal' });
    expect(r.manifest.videos).toHaveLength(5);
    expect(r.groundTruth.Arson011_x264!.event!.intervals).toEqual([
      [149, 420],
      [679, 1267],
    ]);
    expect(loadManifest(writeImport(r, root)).videos).toHaveLength(5);
    // without the test list, the annotation file lists the test videos
    expect(
      importUcfCrimeSplits({ trainList: files.trainList, annotations: files.annotations }).manifest.videos.filter(
        (v) => v.split === 'test',
      ),
    ).toHaveLength(3);
    // a test video without an annotation line is named, with the fix
    writeFileSync(files.testList, 'Abuse/Abuse028_x264.mp4\nBurglary/Burglary005_x264.mp4\n');
    expect(() => importUcfCrimeSplits(files)).toThrow(
      /test video 'Burglary\/Burglary005_x264\.mp4' has no line in the temporal annotation file/,
    );
    expect(() => importUcfCrimeSplits({ ...files, trainList: join(root, 'nope.txt') })).toThrow(
      /train list \(Anomaly_Train\.txt\) not found/,
    );
  });
});
