/**
 * The gradient of MirrorPad. tfjs 4.22's only slices the centre out of dy, dropping what the
 * mirrored borders contributed; TensorFlow's (MirrorPadGrad) folds the borders back onto the
 * entries they copy. Along one axis of length L padded by (b, a):
 *   reflect (edge not repeated):  padded j < b copies x[b - j],       j >= b + L copies x[2L + b - 2 - j]
 *   symmetric (edge repeated):    padded j < b copies x[b - 1 - j],   j >= b + L copies x[2L + b - 1 - j]
 * so the reversed border gradients are added at offset 1 (reflect) or 0 (symmetric) from
 * each end. Axes are folded one after another.
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

/** Folds axis `axis` of g (length b + L + a) back to length L. */
function foldAxis(g: Tensor, axis: number, len: number, b: number, a: number, reflect: boolean): Tensor {
  const at = (start: number, size: number) => {
    const begin = g.shape.map((_, i) => (i === axis ? start : 0));
    const sizes = g.shape.map((d, i) => (i === axis ? size : d));
    return tf.slice(g, begin, sizes);
  };
  const edge = reflect ? 1 : 0;
  const padAxis = (t: Tensor, before: number, after: number) =>
    tf.pad(
      t,
      t.shape.map((_, i): [number, number] => (i === axis ? [before, after] : [0, 0])),
    );
  let out = at(b, len);
  if (b > 0) out = tf.add(out, padAxis(tf.reverse(at(0, b), axis), edge, len - b - edge));
  if (a > 0) out = tf.add(out, padAxis(tf.reverse(at(b + len, a), axis), len - a - edge, edge));
  return out;
}

export const mirrorPadGrad: GradConfig = {
  kernelName: 'MirrorPad',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const paddings = attrs.paddings as [number, number][];
    const reflect = attrs.mode === 'reflect';
    return {
      x: () => {
        let g = dy as Tensor;
        paddings.forEach(([b, a], axis) => {
          if (b > 0 || a > 0) g = foldAxis(g, axis, x.shape[axis], b, a, reflect);
        });
        return g;
      },
    };
  },
};
