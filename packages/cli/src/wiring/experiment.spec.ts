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
  it('raises only the synthetic test count; training split and stages unchanged', () => {
    const p = withTestVideos(base, 512);
    expect(p.spec.dataset).toEqual({
      ...base.spec.dataset,
      overrides: { ...(base.spec.dataset as { overrides: object }).overrides, testVideos: 512 },
    });
    expect(p.name).toBe(`${base.name}--test512`);
    expect(p.stages.map((s) => [s.name, s.paramsHash])).toEqual(base.stages.map((s) => [s.name, s.paramsHash]));
  });
  it('keeps a pipeline that already has enough test videos, or when asked for 0', () => {
    expect(withTestVideos(base, 100)).toBe(base); // the default pipeline has 256
    expect(withTestVideos(base, 0)).toBe(base);
  });
});
