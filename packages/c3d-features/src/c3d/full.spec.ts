import { Rng } from '@wsstad/core';
import { C3D_ARCH } from './arch';
import { createC3dFromWeights } from './model';
import { randomC3dWeights } from './weights';

// Heavy (61 M parameters, 77 GFLOP per clip): one clip only.
describe('full-size C3D', () => {
  it('produces [N, 4096] finite fc6 features from random weights', async () => {
    const model = await createC3dFromWeights(randomC3dWeights(C3D_ARCH, 0), { device: 'cpu' });
    const rng = new Rng(1);
    const x = Float32Array.from({ length: 3 * 16 * 112 * 112 }, () => rng.uniform(-100, 100));
    const y = await model.run(x, 1);
    expect(y.length).toBe(4096);
    expect(y.every(Number.isFinite)).toBe(true);
    expect(y.some((v) => v > 0)).toBe(true);
    await model.dispose();
  });
});
