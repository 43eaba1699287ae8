import { linkTubes } from './packages/tube-linker/src/link';
import { indexDetections } from './packages/tube-linker/src/detection-index';
import { columns, randomScene } from './packages/tube-linker/src/fixtures';
const d = randomScene('x', { frames: 3500, objects: 60, clutter: 15, miss: 0.02 });
const c = columns(d, 25, 3500);
for (let r = 0; r < 4; r++) {
const t1 = performance.now();
indexDetections(c);
const t2 = performance.now();
linkTubes(c, { multivariate: false });
const t3 = performance.now();
linkTubes(c, { unary: false });
const t4 = performance.now();
console.log(c.frame.length, 'index', (t2 - t1).toFixed(0), 'unary', (t3 - t2).toFixed(0), 'multi', (t4 - t3).toFixed(0));
}
