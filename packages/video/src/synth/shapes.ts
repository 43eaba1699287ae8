import type { SceneObject } from './types';

/**
 * Object geometry and drawing, shared by the renderer and the ground truth so that a ground-truth
 * box always encloses the drawn pixels: a pixel is drawn only when its centre lies inside the
 * object's rotated local rectangle, and the box is that rectangle's bounds rounded outwards.
 */

/** Perspective scale at image row y: objects near the top (far away) are smaller. */
export function perspectiveScale(y: number, height: number, perspective: number): number {
  return Math.max(0.3, 1 - perspective * (1 - Math.min(Math.max(y / height, 0), 1)));
}

/** Integer pixel-edge bounds [x1, y1, x2, y2] (unclipped) of an object in a given state. */
export function objectBounds(
  size: readonly number[],
  x: number,
  y: number,
  angle: number,
  scale: number,
): [number, number, number, number] {
  const hu = (size[0]! / 2) * scale;
  const hv = (size[1]! / 2) * scale;
  const c = Math.abs(Math.cos(angle));
  const s = Math.abs(Math.sin(angle));
  const ex = hu * c + hv * s;
  const ey = hu * s + hv * c;
  return [Math.floor(x - ex), Math.floor(y - ey), Math.ceil(x + ex), Math.ceil(y + ey)];
}

/** Integer hash in [0, 1): texture without per-pixel random streams. */
export function hash3(x: number, y: number, seed: number): number {
  let h = (Math.imul(x, 374761393) + Math.imul(y, 668265263) + Math.imul(seed, 1274126177)) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const TEXTURE_CODE = { plain: 0, stripes: 1, checks: 2, speckle: 3 } as const;

/**
 * Draw one object into an RGB buffer. `ids` (optional) records the object id of each drawn pixel,
 * for pixel-exact checks of the ground truth.
 */
export function drawObject(
  buf: Uint8Array,
  width: number,
  height: number,
  obj: SceneObject,
  x: number,
  y: number,
  angle: number,
  pose: number,
  scale: number,
  ids?: Int32Array,
): void {
  const [bx1, by1, bx2, by2] = objectBounds(obj.size, x, y, angle, scale);
  const x0 = Math.max(0, bx1),
    x1 = Math.min(width, bx2);
  const y0 = Math.max(0, by1),
    y1 = Math.min(height, by2);
  if (x0 >= x1 || y0 >= y1) return;
  const cos = Math.cos(angle),
    sin = Math.sin(angle);
  const inv = 1 / scale;
  const su = obj.size[0],
    sv = obj.size[1];
  const hu = su / 2,
    hv = sv / 2;
  const [c0, c1, c2] = obj.colors;
  const tex = TEXTURE_CODE[obj.texture];
  const tseed = obj.textureSeed | 0;
  const person = obj.category === 'person';
  // Person parts (local units; v grows downwards from the centre).
  const headR = Math.min(su * 0.45, sv * 0.13);
  const headCy = -hv + headR;
  const torsoEnd = -hv + 2 * headR + sv * 0.38;
  const legW = su * 0.2;
  const swing = Math.sin(2 * Math.PI * pose) * su * 0.28;
  // Vehicle parts.
  const corner = sv * 0.22;
  const overturned = !person && pose >= 0.5;
  for (let py = y0; py < y1; py++) {
    const dy = py + 0.5 - y;
    let o = (py * width + x0) * 3;
    for (let px = x0; px < x1; px++, o += 3) {
      const dx = px + 0.5 - x;
      const u = (dx * cos + dy * sin) * inv;
      const v = (-dx * sin + dy * cos) * inv;
      if (u <= -hu || u >= hu || v <= -hv || v >= hv) continue;
      let r = 0,
        g = 0,
        b = 0,
        f = 1;
      if (person) {
        if (v < headCy + headR) {
          const du = u,
            dv = v - headCy;
          if (du * du + dv * dv > headR * headR) continue;
          // Hair on the top of the head, skin below.
          if (dv < -headR * 0.2) {
            r = c2[0] * 0.45;
            g = c2[1] * 0.4;
            b = c2[2] * 0.35;
          } else {
            r = c2[0];
            g = c2[1];
            b = c2[2];
          }
        } else if (v < torsoEnd) {
          const taper = hu * (v < headCy + headR + 1 ? 0.8 : 1);
          if (u <= -taper || u >= taper) continue;
          r = c0[0];
          g = c0[1];
          b = c0[2];
          if (tex === 1) f = (Math.floor(v * 0.8) & 1) === 0 ? 0.72 : 1.05;
          else if (tex === 2) f = ((Math.floor(u * 0.7) + Math.floor(v * 0.7)) & 1) === 0 ? 0.75 : 1.05;
        } else {
          const t = (v - torsoEnd) / (hv - torsoEnd);
          const off = swing * t;
          const l = u - (-su * 0.22 + off),
            rr = u - (su * 0.22 - off);
          if (Math.abs(l) > legW && Math.abs(rr) > legW) continue;
          r = c1[0];
          g = c1[1];
          b = c1[2];
          if (t > 0.85) f = 0.5; // shoes
        }
      } else {
        const au = Math.abs(u),
          av = Math.abs(v);
        if (au > hu - corner && av > hv - corner && au - (hu - corner) + av - (hv - corner) > corner) continue;
        if (overturned) {
          // Underside: dark chassis with four wheels.
          const wu = au - su * 0.3,
            wv = av - sv * 0.33,
            wr = sv * 0.2;
          if (wu * wu + wv * wv < wr * wr) {
            r = 18;
            g = 18;
            b = 20;
          } else {
            r = 62;
            g = 60;
            b = 58;
            f = (Math.floor(u) & 3) === 0 ? 0.8 : 1;
          }
        } else if (u > su * 0.08 && u < su * 0.27 && av < hv - 1.2) {
          r = c1[0];
          g = c1[1];
          b = c1[2];
          f = 0.9 + 0.2 * ((u - su * 0.08) / (su * 0.19));
        } else if (u < -su * 0.27 && u > -su * 0.38 && av < hv - 1.2) {
          r = c1[0];
          g = c1[1];
          b = c1[2];
        } else if (u > -su * 0.27 && u < su * 0.08 && av < hv - 1.6) {
          r = c2[0];
          g = c2[1];
          b = c2[2];
        } else if (u > hu - 1.6 && av > hv - 3) {
          r = 235;
          g = 230;
          b = 185;
        } else {
          r = c0[0];
          g = c0[1];
          b = c0[2];
          if (tex === 1) f = Math.abs(v) < sv * 0.08 ? 1.25 : 1;
        }
      }
      if (tex === 3) f *= 0.88 + 0.24 * hash3(Math.floor(u * 1.5), Math.floor(v * 1.5), tseed);
      else f *= 0.96 + 0.08 * hash3(Math.floor(u), Math.floor(v), tseed);
      r *= f;
      g *= f;
      b *= f;
      buf[o] = r > 255 ? 255 : r;
      buf[o + 1] = g > 255 ? 255 : g;
      buf[o + 2] = b > 255 ? 255 : b;
      if (ids) ids[py * width + px] = obj.id;
    }
  }
}
