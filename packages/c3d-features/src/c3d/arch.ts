/**
 * The C3D network (Tran et al. 2015) up to fc6, as in reference-notes.md and the common PyTorch
 * port (tensor names conv1, conv2, conv3a, ..., fc6). `C3D_ARCH` is the paper's; reduced variants
 * (fewer channels, smaller input) exist so tests can check the same graph builder quickly.
 */
export interface C3dArch {
  clipLength: number;
  inputSize: number;
  /** Output channels of conv1, conv2, conv3a, conv3b, conv4a, conv4b, conv5a, conv5b. */
  channels: readonly [number, number, number, number, number, number, number, number];
  fc6: number;
}

export const C3D_ARCH: C3dArch = Object.freeze({
  clipLength: 16,
  inputSize: 112,
  channels: [64, 128, 256, 256, 512, 512, 512, 512] as const,
  fc6: 4096,
});

export const CONV_NAMES = ['conv1', 'conv2', 'conv3a', 'conv3b', 'conv4a', 'conv4b', 'conv5a', 'conv5b'] as const;

export interface PoolSpec {
  kernel: [number, number, number];
  stride: [number, number, number];
  pad: [number, number, number];
}

/** Max-pool after the conv of the same name (C3D pools after conv1, conv2, conv3b, conv4b, conv5b). */
export const POOL_AFTER: Readonly<Record<string, PoolSpec>> = Object.freeze({
  conv1: { kernel: [1, 2, 2], stride: [1, 2, 2], pad: [0, 0, 0] },
  conv2: { kernel: [2, 2, 2], stride: [2, 2, 2], pad: [0, 0, 0] },
  conv3b: { kernel: [2, 2, 2], stride: [2, 2, 2], pad: [0, 0, 0] },
  conv4b: { kernel: [2, 2, 2], stride: [2, 2, 2], pad: [0, 0, 0] },
  // the PyTorch port pads pool5 by (0, 1, 1): 512 x 1 x 4 x 4 = 8192 inputs to fc6
  conv5b: { kernel: [2, 2, 2], stride: [2, 2, 2], pad: [0, 1, 1] },
});

/** [D, H, W] after a max-pool (ONNX/PyTorch floor mode, symmetric padding). */
export function poolOut(dhw: readonly number[], p: PoolSpec): [number, number, number] {
  return [0, 1, 2].map((i) => Math.floor((dhw[i]! + 2 * p.pad[i]! - p.kernel[i]!) / p.stride[i]!) + 1) as [
    number,
    number,
    number,
  ];
}

/** Number of values fc6 reads (8192 for the paper's C3D). */
export function fc6Inputs(arch: C3dArch): number {
  let dhw: [number, number, number] = [arch.clipLength, arch.inputSize, arch.inputSize];
  for (const n of CONV_NAMES) if (POOL_AFTER[n]) dhw = poolOut(dhw, POOL_AFTER[n]!);
  if (dhw.some((x) => x < 1))
    throw new RangeError(
      `C3D input ${arch.clipLength}x${arch.inputSize}x${arch.inputSize} is too small for five poolings`,
    );
  return arch.channels[7] * dhw[0] * dhw[1] * dhw[2];
}

/** Every tensor the network needs, with its PyTorch shape. */
export function c3dTensorShapes(arch: C3dArch): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  let cin = 3;
  CONV_NAMES.forEach((n, i) => {
    const c = arch.channels[i]!;
    out[`${n}.weight`] = [c, cin, 3, 3, 3];
    out[`${n}.bias`] = [c];
    cin = c;
  });
  out['fc6.weight'] = [arch.fc6, fc6Inputs(arch)];
  out['fc6.bias'] = [arch.fc6];
  return out;
}

/** Multiply-adds per clip up to fc6 (38.5 G for the paper's C3D). */
export function c3dMacs(arch: C3dArch): number {
  let dhw: [number, number, number] = [arch.clipLength, arch.inputSize, arch.inputSize];
  let cin = 3;
  let macs = 0;
  CONV_NAMES.forEach((n, i) => {
    const c = arch.channels[i]!;
    macs += dhw[0] * dhw[1] * dhw[2] * c * cin * 27;
    cin = c;
    if (POOL_AFTER[n]) dhw = poolOut(dhw, POOL_AFTER[n]!);
  });
  return macs + fc6Inputs(arch) * arch.fc6;
}
