/**
 * Arrays from .npy/.json/.pb files into our layout: a batch [N, ...example], channels
 * last. NCHW arrays (PyTorch, ONNX) are transposed to NHWC; which one an array is comes
 * from `--layout`, else from the model's input shape, else from where a 1 or 3 sits.
 */
import type { NdArray } from './arrays.ts';
import { DataError } from './errors.ts';
import * as msg from './messages.ts';

export type Layout = 'nchw' | 'nhwc';

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);
const channelLike = (d: number) => d === 1 || d === 3;

/** [C,H,W] examples to [H,W,C], for `n` examples back to back. */
export function chwToHwc(values: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(values.length);
  const per = c * h * w;
  for (let b = 0; b < n; b++) {
    for (let k = 0; k < c; k++) {
      for (let i = 0; i < h * w; i++) out[b * per + i * c + k] = values[b * per + k * h * w + i];
    }
  }
  return out;
}

/** Which layout `arr` is in, or a DataError saying that only --layout can tell. */
function detect(arr: NdArray, source: string, inputShape?: readonly number[]): Layout {
  const s = arr.shape;
  let nchw: boolean;
  let nhwc: boolean;
  let trivial: boolean;
  if (inputShape) {
    const ex = s.length === inputShape.length + 1 ? s.slice(1) : s;
    nhwc = same(ex, inputShape);
    nchw = ex.length === 3 && same([ex[1], ex[2], ex[0]], inputShape);
    trivial = ex.every((d) => d === 1);
  } else {
    if (s.length !== 3 && s.length !== 4) return 'nhwc';
    const ex = s.slice(-3);
    // no channel-sized axis at either end: nothing says NCHW, keep our own layout
    nchw = channelLike(ex[0]);
    nhwc = channelLike(ex[2]) || !nchw;
    trivial = ex.every((d) => d === 1);
  }
  // both readings fit and they order the values differently
  if (nchw && nhwc && !trivial) throw new DataError(msg.layoutAmbiguous(source, s));
  return nchw && !nhwc ? 'nchw' : 'nhwc';
}

/**
 * `arr` as a batch in NHWC: shape [N, ...example]. With `inputShape` (the model's, without
 * the batch dimension, channels last) the example shape must equal it; without it, 4-D
 * arrays are batches and anything else is one example.
 */
export function toBatch(
  arr: NdArray,
  source: string,
  layout?: Layout,
  inputShape?: readonly number[],
): NdArray {
  const s = arr.shape;
  const batched = inputShape ? s.length === inputShape.length + 1 : s.length === 4;
  const lay = layout ?? detect(arr, source, inputShape);
  let shape = batched ? s : [1, ...s];
  let values = arr.values;
  if (lay === 'nchw') {
    if (shape.length !== 4) throw new DataError(msg.layoutRank(source, s));
    const [n, c, h, w] = shape;
    values = chwToHwc(values, n, c, h, w);
    shape = [n, h, w, c];
  }
  if (inputShape && !same(shape.slice(1), inputShape)) {
    throw new DataError(msg.shapeMismatch(source, s, inputShape));
  }
  return { shape, values };
}
