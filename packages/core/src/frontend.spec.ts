import { chainFrontEnd, diffParams, frontEndParams } from './frontend';
import type { Lineage } from './artifacts/table';

describe('front end lineage', () => {
  it('chains detect -> link -> features params and collects them with the trainer settings', () => {
    const det: Lineage = {
      stage: 'detect',
      codeVersion: 'c',
      paramsHash: 'h',
      inputs: {},
      frontEnd: chainFrontEnd(undefined, 'detect', { stride: 2 }),
    };
    const link: Lineage = {
      stage: 'link',
      codeVersion: 'c',
      paramsHash: 'h',
      inputs: {},
      frontEnd: chainFrontEnd(det, 'link', { gapTolerance: 3 }),
    };
    const feat: Lineage = {
      stage: 'features',
      codeVersion: 'c',
      paramsHash: 'h',
      inputs: {},
      frontEnd: chainFrontEnd(link, 'features', { backbone: 'hog-hof-mbh' }),
    };
    const fe = frontEndParams(feat, { subTubes: 2, poolL2: 'after' });
    expect(fe).toEqual({
      detect: { stride: 2 },
      link: { gapTolerance: 3 },
      features: { backbone: 'hog-hof-mbh' },
      backbone: 'hog-hof-mbh',
      fpsPolicy: 'source-fps',
      subTubes: 2,
      pooling: 'after',
    });
  });

  it('leaves the stages an artifact did not record as null (imported features)', () => {
    const fe = frontEndParams({ stage: 'import', codeVersion: '', paramsHash: '', inputs: {} }, { backbone: 'c3d' });
    expect(fe.detect).toBeNull();
    expect(fe.link).toBeNull();
    expect(fe.backbone).toBe('c3d');
  });

  it('diffParams names the differing leaves by dotted path', () => {
    expect(diffParams({ a: 1, b: { c: 2, d: [1, 2] } }, { a: 1, b: { c: 3, d: [1, 2] } }, 'link')).toEqual([
      'link.b.c',
    ]);
    expect(diffParams({ a: 1 }, { a: 1, e: 'x' })).toEqual(['e']);
    expect(diffParams({ a: [1, 2] }, { a: [1, 3] })).toEqual(['a']);
    expect(diffParams({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
