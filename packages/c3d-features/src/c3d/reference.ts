import { CONV_NAMES, POOL_AFTER, poolOut, type C3dArch } from './arch';
import type { C3dWeights } from './weights';

/**
 * A deliberately plain JS computation of C3D to fc6 (one clip, loops only), the reference the
 * ONNX graph is tested against. Slow: for reduced architectures only.
 */
export function referenceC3d(arch: C3dArch, w: C3dWeights, clip: Float32Array): Float32Array {
  let x = clip;
  let c = 3;
  let dhw: [number, number, number] = [arch.clipLength, arch.inputSize, arch.inputSize];
  CONV_NAMES.forEach((n, i) => {
    x = relu(conv3d(x, c, dhw, w[`${n}.weight`]!, w[`${n}.bias`]!, arch.channels[i]!));
    c = arch.channels[i]!;
    const p = POOL_AFTER[n];
    if (p) {
      const o = poolOut(dhw, p);
      x = maxPool(x, c, dhw, o, p.kernel, p.stride, p.pad);
      dhw = o;
    }
  });
  const fw = w['fc6.weight']!,
    fb = w['fc6.bias']!;
  const out = new Float32Array(arch.fc6);
  for (let o = 0; o < arch.fc6; o++) {
    let s = fb[o]!;
    for (let k = 0; k < x.length; k++) s += fw[o * x.length + k]! * x[k]!;
    out[o] = s;
  }
  return relu(out);
}

function relu(x: Float32Array): Float32Array {
  return x.map((v) => (v > 0 ? v : 0));
}

function conv3d(
  x: Float32Array,
  cin: number,
  [D, H, W]: readonly number[],
  wt: Float32Array,
  b: Float32Array,
  cout: number,
): Float32Array {
  const out = new Float32Array(cout * D! * H! * W!);
  for (let o = 0; o < cout; o++)
    for (let d = 0; d < D!; d++)
      for (let h = 0; h < H!; h++)
        for (let ww = 0; ww < W!; ww++) {
          let s = b[o]!;
          for (let ci = 0; ci < cin; ci++)
            for (let kd = 0; kd < 3; kd++)
              for (let kh = 0; kh < 3; kh++)
                for (let kw = 0; kw < 3; kw++) {
                  const zd = d + kd - 1,
                    zh = h + kh - 1,
                    zw = ww + kw - 1;
                  if (zd < 0 || zd >= D! || zh < 0 || zh >= H! || zw < 0 || zw >= W!) continue;
                  s += wt[(((o * cin + ci) * 3 + kd) * 3 + kh) * 3 + kw]! * x[((ci * D! + zd) * H! + zh) * W! + zw]!;
                }
          out[((o * D! + d) * H! + h) * W! + ww] = s;
        }
  return out;
}

function maxPool(
  x: Float32Array,
  c: number,
  i: readonly number[],
  o: readonly number[],
  k: readonly number[],
  s: readonly number[],
  p: readonly number[],
): Float32Array {
  const out = new Float32Array(c * o[0]! * o[1]! * o[2]!);
  for (let ch = 0; ch < c; ch++)
    for (let d = 0; d < o[0]!; d++)
      for (let h = 0; h < o[1]!; h++)
        for (let w = 0; w < o[2]!; w++) {
          let m = -Infinity;
          for (let a = 0; a < k[0]!; a++)
            for (let bb = 0; bb < k[1]!; bb++)
              for (let e = 0; e < k[2]!; e++) {
                const zd = d * s[0]! - p[0]! + a,
                  zh = h * s[1]! - p[1]! + bb,
                  zw = w * s[2]! - p[2]! + e;
                if (zd < 0 || zd >= i[0]! || zh < 0 || zh >= i[1]! || zw < 0 || zw >= i[2]!) continue;
                m = Math.max(m, x[((ch * i[0]! + zd) * i[1]! + zh) * i[2]! + zw]!);
              }
          out[((ch * o[0]! + d) * o[1]! + h) * o[2]! + w] = m;
        }
  return out;
}
