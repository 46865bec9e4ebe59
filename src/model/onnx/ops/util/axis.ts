/** Helpers for ops that work along one axis or on a 2-D coercion of their input. */
import { type Tensor, tf } from '../../../../engine/tf.ts';
import { product } from './ints.ts';

/** Applies fn (which works on the last axis) along `axis` by moving that axis last and back. */
export function alongAxis(x: Tensor, axis: number, fn: (t: Tensor) => Tensor): Tensor {
  const last = x.rank - 1;
  if (axis === last) return fn(x);
  return tf.tidy(() => {
    const perm = [...Array(x.rank).keys()];
    perm[axis] = last;
    perm[last] = axis;
    return tf.transpose(fn(tf.transpose(x, perm)), perm);
  });
}

/** Applies fn (last axis) to x coerced to 2-D [prod(dims < axis), prod(dims >= axis)]. */
export function on2d(x: Tensor, axis: number, fn: (t: Tensor) => Tensor): Tensor {
  return tf.tidy(() => {
    const rows = product(x.shape.slice(0, axis));
    const cols = product(x.shape.slice(axis));
    return tf.reshape(fn(tf.reshape(x, [rows, cols])), x.shape);
  });
}
