/**
 * Regenerates the contact sheets in packages/video/docs/: one abnormal video per anomaly type and
 * two normal ones, at the `small` preset's size. Run: npx tsx packages/video/scripts/docs-sheets.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contactSheet,
  generateBenchmark,
  groundTruthOverlays,
  loadManifest,
  openVideo,
  readGroundTruth,
} from '../src/index';

const OUT = join(__dirname, '..', 'docs');

(async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'wsstad-docs-'));
  try {
    const { manifestPath } = generateBenchmark({
      preset: 'small',
      seed: 2021,
      outDir: tmp,
      overrides: { trainVideos: 0, testVideos: 8, abnormalShare: 0.75 },
    });
    const m = loadManifest(manifestPath);
    for (const v of m.videos) {
      const gt = readGroundTruth(join(m.dir, v.groundTruth!));
      const src = await openVideo(v.uri, { baseDir: m.dir });
      const ev = gt.event;
      // Abnormal: 2 frames before, 4 inside, 2 after the event; normal: evenly spaced.
      const frames = ev
        ? [
            ev.startFrame - 8,
            ev.startFrame - 3,
            ...[0, 1, 2, 3].map((k) => ev.startFrame + Math.floor(((ev.endFrame - ev.startFrame) * (2 * k + 1)) / 8)),
            ev.endFrame + 4,
            ev.endFrame + 12,
          ]
        : 8;
      const png = join(OUT, `${v.label}-${v.category === 'normal' ? v.id : v.category}.png`);
      await contactSheet(src, png, {
        frames,
        columns: 4,
        palette: true,
        overlays: groundTruthOverlays(gt),
        marked: (f) => !!ev && f >= ev.startFrame && f < ev.endFrame,
      });
      console.log(png, ev ? `${ev.type} [${ev.startFrame}, ${ev.endFrame})` : 'normal');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
})();
