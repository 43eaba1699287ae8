import { join } from 'node:path';
import { loadPipeline } from '@wsstad/pipeline';
import { STAGES } from './stages';
import { withTestVideos } from './experiment';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('withTestVideos (the experiment protocol: one larger test split, shared)', () => {
  const base = loadPipeline(join(ROOT, 'pipelines', 'synthetic'), {
    registry: STAGES,
    store: '/tmp/wsstad-unused-store',
  });
  // Derived from the pipeline's own split, so the spec holds whatever count pipeline.yaml sets.
  const own = Number((base.spec.dataset as { overrides: Record<string, unknown> }).overrides.testVideos);
  it('raises only the synthetic test count; training split and stages unchanged', () => {
    const p = withTestVideos(base, own + 64);
    expect(p.spec.dataset).toEqual({
      ...base.spec.dataset,
      overrides: { ...(base.spec.dataset as { overrides: object }).overrides, testVideos: own + 64 },
    });
    expect(p.name).toBe(`${base.name}--test${own + 64}`);
    expect(p.stages.map((s) => [s.name, s.paramsHash])).toEqual(base.stages.map((s) => [s.name, s.paramsHash]));
  });
  it('keeps a pipeline that already has enough test videos, or when asked for 0', () => {
    expect(own).toBeGreaterThan(1);
    expect(withTestVideos(base, own)).toBe(base);
    expect(withTestVideos(base, own - 1)).toBe(base);
    expect(withTestVideos(base, 0)).toBe(base);
  });
});
