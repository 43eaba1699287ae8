import { iou, type Box } from '@wsstad/core';
import { generateBenchmark, loadManifest, openVideo, readGroundTruth, resolveInManifest } from '@wsstad/video';
import { createDetector } from '../src/registry';
(async () => {
  const { manifestPath } = generateBenchmark({ preset: 'small', seed: 7, outDir: '/tmp/det/q', overrides: { trainVideos: 0 } });
  const m = loadManifest(manifestPath);
  const det = await createDetector('background-subtraction', JSON.parse(process.argv[2] ?? '{}'));
  const hist: Record<string, number> = {};
  const add = (k: string) => (hist[k] = (hist[k] ?? 0) + 1);
  for (const v of m.videos.filter((x) => x.split === 'test').slice(0, 8)) {
    const gt = readGroundTruth(resolveInManifest(m.dir, v.groundTruth!));
    const src = await openVideo(v.uri, { baseDir: m.dir });
    const r = await det.detect(src);
    for (const o of gt.objects!) {
      if (o.frame < 10) continue;
      const ds = r.detections.filter((d) => d.frame === o.frame);
      const best = Math.max(0, ...ds.map((d) => iou(d.box, o.box as Box)));
      const a = (o.box[2] - o.box[0]) * (o.box[3] - o.box[1]);
      const bucket = best >= 0.5 ? 'hit' : best >= 0.3 ? 'iou30-50' : best > 0 ? 'iou0-30' : 'none';
      add(`${bucket}`); add(`${bucket} early<40 ${o.frame < 40}`); add(`${bucket} ${o.category} area<100 ${a < 100}`);
      // bigger det containing it?
      if (bucket !== 'hit' && best > 0) { const d = ds.find((d) => iou(d.box, o.box as Box) === best)!; add(`${bucket} detBigger ${(d.box[2]-d.box[0])*(d.box[3]-d.box[1]) > 1.5*a}`); }
    }
  }
  console.log(Object.entries(hist).sort());
})();
