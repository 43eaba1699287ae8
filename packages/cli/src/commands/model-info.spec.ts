import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError } from '@wsstad/core';
import { normalizeDetectStageParams } from '@wsstad/detector';
import { planInference, readModelInfo, type ModelInfo } from './model-info';

// Fake normalisers for link/features/infer (fill one default each); the real detect normaliser.
const norm = {
  detect: (r: unknown) => normalizeDetectStageParams(r ?? {}),
  link: (r: unknown) => ({ gapTolerance: 0, zeta1Seconds: null, ...(r as object) }),
  features: (r: unknown) => ({ backbone: 'hog-hof-mbh', ...(r as object) }),
  infer: (r: unknown) => ({ subTubes: 4, l2: 'after', ...(r as object) }),
};
const trained = {
  detect: normalizeDetectStageParams({ detector: { kind: 'background-subtraction', warmupFrames: 20 } }),
  link: { gapTolerance: 2, zeta1Seconds: 2 },
  features: { backbone: 'hog-hof-mbh' },
  backbone: 'hog-hof-mbh',
  fpsPolicy: 'source-fps' as const,
  subTubes: 2,
  pooling: 'before',
};
const model: ModelInfo = { dir: 'm', meta: {}, frontEnd: trained };

describe('planInference: the model front end by default, overrides with the differing keys', () => {
  it('uses the trained settings when nothing is given', () => {
    const p = planInference(model, {}, undefined, norm);
    expect(p.source).toBe('model');
    expect(p.differing).toEqual([]);
    expect(p.params.link).toEqual({ gapTolerance: 2, zeta1Seconds: 2 });
    expect((p.params.detect as { detector: { warmupFrames: number } }).detector.warmupFrames).toBe(20);
    expect(p.params.infer).toEqual({ subTubes: 4, l2: 'before' });
  });

  it('lists the keys --config changes', () => {
    const p = planInference(model, { link: { gapTolerance: 5 }, infer: { subTubes: 8 } }, undefined, norm);
    expect(p.params.link).toEqual({ gapTolerance: 5, zeta1Seconds: 2 });
    expect(p.differing).toEqual(['link.gapTolerance']);
  });

  it('names a detector kind change once', () => {
    const p = planInference(model, {}, { kind: 'coco-tfjs', model: 'nanodet' }, norm);
    expect(p.differing).toEqual(['detect.detector (kind)']);
    expect((p.params.detect as { detector: { kind: string } }).detector.kind).toBe('coco-tfjs');
  });

  it('falls back to defaults for a model without a front end', () => {
    const p = planInference({ dir: 'm', meta: {}, frontEnd: null }, {}, undefined, norm);
    expect(p.source).toBe('defaults');
    expect(p.params.link).toEqual({ gapTolerance: 0, zeta1Seconds: null });
  });

  it('readModelInfo reads frontEnd and names the folder when model.json is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsstad-mi-'));
    try {
      expect(() => readModelInfo(dir)).toThrow(ArtifactError);
      expect(() => readModelInfo(dir)).toThrow(/wsstad models/);
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ frontEnd: trained }));
      expect(readModelInfo(dir).frontEnd).toEqual(trained);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
