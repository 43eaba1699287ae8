import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { generateBenchmark } from './generate';
import { loadManifest } from '../manifest/manifest';
import { SceneRenderer } from './render';
import { loadScene } from './source';

/**
 * Golden hash of rendered frames, recorded with the renderer before its speed-ups (issue 19): every
 * optimisation of the renderer must keep the frames byte-identical, because the detector and the
 * features stage render the same videos and their artifacts are cached by content. The scenes use
 * strong noise, illumination drift and camera shake so that clamping at 0 and 255 and the shifted
 * background are exercised.
 */
const GOLDEN = '01105c1f2984b474784cdb02c787261cb18ec35b9b09d640164b89737880cb7b';

describe('SceneRenderer output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const overrides = {
    trainVideos: 2,
    testVideos: 4,
    frames: 48,
    noiseStd: 40,
    illuminationAmplitude: 0.5,
    shakeProbability: 1,
    shakeAmplitude: 3,
  };
  const { manifestPath } = generateBenchmark({ preset: 'tiny', seed: 5, outDir: dir, overrides });

  it('is byte-identical to the recorded frames (clamped at both ends, shaken)', () => {
    const h = createHash('sha256');
    let low = 0,
      high = 0,
      shaken = 0;
    for (const v of loadManifest(manifestPath).videos) {
      const scene = loadScene(join(dir, v.uri));
      const r = new SceneRenderer(scene);
      for (let f = 0; f < scene.frameCount; f++) {
        const px = r.render(f);
        for (let i = 0; i < px.length; i++) {
          if (px[i] === 0) low++;
          else if (px[i] === 255) high++;
        }
        if (r.shakeAt(f).some((d) => d !== 0)) shaken++;
        h.update(px);
      }
    }
    expect(low).toBeGreaterThan(100);
    expect(high).toBeGreaterThan(100);
    expect(shaken).toBeGreaterThan(10);
    expect(h.digest('hex')).toBe(GOLDEN);
  });
});
