/**
 * Brute-force reference loops (plain JS, NCHW with any number of spatial dims) for the
 * ONNX convolution and pooling ops, written from the ONNX operator definitions.
 */
export const prod = (v: readonly number[]) => v.reduce((a, b) => a * b, 1);

/** Calls fn with every multi-index of `shape` in row-major order. */
export function forEachIndex(shape: readonly number[], fn: (idx: number[]) => void): void {
  const n = prod(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < n; f++) {
    let rem = f;
    for (let a = shape.length - 1; a >= 0; a--) {
      idx[a] = rem % shape[a];
      rem = Math.floor(rem / shape[a]);
    }
    fn(idx);
  }
}

export function flat(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let a = 0; a < shape.length; a++) f = f * shape[a] + idx[a];
  return f;
}

export interface Geom {
  strides: number[];
  dil: number[];
  begin: number[];
  end: number[];
}

export interface Ref {
  data: Float32Array;
  shape: number[];
}

export function refConv(
  x: ArrayLike<number>,
  xs: number[],
  w: ArrayLike<number>,
  ws: number[],
  b: ArrayLike<number> | null,
  g: Geom & { group: number },
): Ref {
  const [n, , ...sp] = xs;
  const [m, cg, ...k] = ws;
  const o = sp.map(
    (s, i) => Math.floor((s + g.begin[i] + g.end[i] - ((k[i] - 1) * g.dil[i] + 1)) / g.strides[i]) + 1,
  );
  const shape = [n, m, ...o];
  const data = new Float32Array(prod(shape));
  const mg = m / g.group;
  forEachIndex(shape, (idx) => {
    const [bn, om, ...oi] = idx;
    const grp = Math.floor(om / mg);
    let s = b ? b[om] : 0;
    forEachIndex([cg, ...k], (kk) => {
      const [c, ...ki] = kk;
      const pos = oi.map((v, i) => v * g.strides[i] - g.begin[i] + ki[i] * g.dil[i]);
      if (pos.some((p, i) => p < 0 || p >= sp[i])) return;
      s += x[flat([bn, grp * cg + c, ...pos], xs)] * w[flat([om, c, ...ki], ws)];
    });
    data[flat(idx, shape)] = s;
  });
  return { data, shape };
}

/** ConvTranspose by scattering every input element through the filter. */
export function refConvTranspose(
  x: ArrayLike<number>,
  xs: number[],
  w: ArrayLike<number>,
  ws: number[],
  b: ArrayLike<number> | null,
  g: Geom & { group: number; outPad: number[] },
): Ref {
  const [n, c, ...sp] = xs;
  const [, mg, ...k] = ws;
  const m = mg * g.group;
  const cg = c / g.group;
  const o = sp.map(
    (s, i) => g.strides[i] * (s - 1) + g.outPad[i] + (k[i] - 1) * g.dil[i] + 1 - g.begin[i] - g.end[i],
  );
  const shape = [n, m, ...o];
  const data = new Float32Array(prod(shape));
  if (b) forEachIndex(shape, (idx) => (data[flat(idx, shape)] = b[idx[1]]));
  forEachIndex(xs, (idx) => {
    const [bn, ic, ...ii] = idx;
    const grp = Math.floor(ic / cg);
    const v = x[flat(idx, xs)];
    forEachIndex([mg, ...k], (kk) => {
      const [j, ...ki] = kk;
      const pos = ii.map((p, i) => p * g.strides[i] + ki[i] * g.dil[i] - g.begin[i]);
      if (pos.some((p, i) => p < 0 || p >= o[i])) return;
      data[flat([bn, grp * mg + j, ...pos], shape)] += v * w[flat([ic, j, ...ki], ws)];
    });
  });
  return { data, shape };
}

/** Output length of an ONNX pool with explicit pads, floor or ceil mode. */
export function poolLen(
  len: number,
  k: number,
  s: number,
  d: number,
  pb: number,
  pe: number,
  ceil: boolean,
): number {
  const span = len + pb + pe - ((k - 1) * d + 1);
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  // ceil mode: the last window must start inside the input or the leading pad
  if (ceil && (out - 1) * s >= len + pb) out--;
  return out;
}

export function refPool(
  x: ArrayLike<number>,
  xs: number[],
  k: number[],
  g: Geom & { kind: 'max' | 'avg'; ceil?: boolean; countIncludePad?: boolean },
): Ref {
  const [n, c, ...sp] = xs;
  const o = sp.map((s, i) => poolLen(s, k[i], g.strides[i], g.dil[i], g.begin[i], g.end[i], !!g.ceil));
  const shape = [n, c, ...o];
  const data = new Float32Array(prod(shape));
  forEachIndex(shape, (idx) => {
    const [bn, ch, ...oi] = idx;
    let best = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let count = 0;
    forEachIndex(k, (ki) => {
      const pos = oi.map((v, i) => v * g.strides[i] - g.begin[i] + ki[i] * g.dil[i]);
      const inPadded = pos.every((p, i) => p >= -g.begin[i] && p < sp[i] + g.end[i]);
      const inside = pos.every((p, i) => p >= 0 && p < sp[i]);
      if (inside) {
        const v = x[flat([bn, ch, ...pos], xs)];
        best = Math.max(best, v);
        sum += v;
      }
      if (inside || (g.countIncludePad && inPadded)) count++;
    });
    data[flat(idx, shape)] = g.kind === 'max' ? best : sum / count;
  });
  return { data, shape };
}
