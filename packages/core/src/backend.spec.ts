import { pickTfBackend } from './backend';

describe('pickTfBackend', () => {
  it('loads the first available backend, reports it, and computes', async () => {
    const h = await pickTfBackend('auto');
    // tfjs-node(-gpu) cannot install on the CI machine (libtensorflow download), so wasm is expected there;
    // where tfjs-node is installed the picker must prefer it.
    expect(['tensorflow', 'wasm', 'cpu']).toContain(h.backend);
    const y = h.tf.tidy(() => h.tf.matMul(h.tf.tensor2d([[1, 2]]), h.tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(y).toBe(11);
    expect(await pickTfBackend('auto')).toBe(h);
  });
});
