import { ConfigError } from '@wsstad/core';
import { parseDetectorSpec } from './spec';

describe('parseDetectorSpec (the --detector forms)', () => {
  it('accepts a name', () => {
    expect(parseDetectorSpec('coco-nanodet')).toMatchObject({ kind: 'coco-tfjs', model: 'nanodet' });
    expect(parseDetectorSpec('background-subtraction')).toMatchObject({
      kind: 'background-subtraction',
      warmupFrames: 10,
    });
  });

  it('accepts name:key=val,... with numbers and booleans parsed', () => {
    expect(parseDetectorSpec('coco-centernet:scoreThreshold=0.3,maxDetections=20')).toMatchObject({
      kind: 'coco-tfjs',
      model: 'centernet',
      scoreThreshold: 0.3,
      maxDetections: 20,
    });
    expect(parseDetectorSpec('background-subtraction:detectShadows=false,warmupFrames=5')).toMatchObject({
      detectShadows: false,
      warmupFrames: 5,
    });
  });

  it('accepts JSON, with a detector name as kind', () => {
    expect(parseDetectorSpec('{"kind":"coco-tfjs","model":"nanodet"}')).toMatchObject({
      kind: 'coco-tfjs',
      model: 'nanodet',
    });
    expect(parseDetectorSpec('{"kind":"coco-centernet","scoreThreshold":0.4}')).toMatchObject({
      kind: 'coco-tfjs',
      model: 'centernet',
      scoreThreshold: 0.4,
    });
  });

  it('errors list the valid forms and name the model key of the coco detectors', () => {
    const msg = (s: string) => {
      try {
        parseDetectorSpec(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    for (const bad of [
      'yolo',
      '{"kind":"coco"}',
      '{oops',
      'coco-centernet:scoreThreshold',
      'coco-centernet:scoreThreshold=7',
    ]) {
      const m = msg(bad);
      expect(m).toMatch(/valid forms: \(1\) a name/);
      expect(m).toMatch(/model: centernet \| nanodet/);
    }
    expect(msg('{"kind":"coco"}')).toMatch(
      /unknown detector kind "coco"; valid kinds: background-subtraction, coco-tfjs/,
    );
    expect(msg('coco-centernet:scoreThreshold=7')).toMatch(/scoreThreshold=7 is invalid/);
  });
});
