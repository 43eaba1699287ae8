import type { HostBatch } from '@wsstad/relationship-module';
import type { BagInput } from './types';

/**
 * Bags `idx` padded to the longest one on the host: x [b, n, D], mask [b, n] (1 = real instance),
 * positions [b, n]. The one padding layout of both engines: tfjs uploads it (padBags), the
 * onnxruntime engine feeds it to its sessions as is.
 */
export function hostBatch(
  bags: readonly BagInput[],
  idx: readonly number[],
  dim: number,
): HostBatch & { positions: Float32Array } {
  const b = idx.length;
  const n = Math.max(1, ...idx.map((i) => bags[i]!.n));
  const x = new Float32Array(b * n * dim);
  const mask = new Float32Array(b * n);
  const positions = new Float32Array(b * n);
  idx.forEach((bi, j) => {
    const bag = bags[bi]!;
    x.set(bag.features.subarray(0, bag.n * dim), j * n * dim);
    mask.fill(1, j * n, j * n + bag.n);
    positions.set(bag.positions.subarray(0, bag.n), j * n);
  });
  return { x, mask, positions, b, n };
}
