/**
 * Cumsum and Cumprod: negative axes, and gradients that tfjs 4.22 gets wrong or lacks.
 * - TensorFlow accepts axis in [-rank, rank). tfjs passes a negative axis through to the
 *   kernels: the wasm Cumsum then reads out of bounds ("memory access out of bounds") and
 *   the cpu kernels return an empty tensor. The wrapper below normalizes the axis.
 * - tfjs's Cumsum gradient transposes its result for any axis but the last (a shape error:
 *   the cumsum op already moves the axis back). TensorFlow's _CumsumGrad is
 *   cumsum(dy, axis, exclusive, !reverse).
 * - Cumprod has no gradient in tfjs. TensorFlow's _CumprodGrad is
 *   cumsum(cumprod(x) * dy, axis, exclusive, !reverse) / x, undefined where x has zeros
 *   (TensorFlow shares that limitation).
 */
import type { GradConfig, KernelFunc, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

interface CumAttrs {
  axis: number;
  exclusive: boolean;
  reverse: boolean;
}

function positiveAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Wraps a stock Cumsum or Cumprod kernel so that it sees a non-negative axis. */
export function cumulativeAxisWrapper(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { axis } = args.attrs as unknown as CumAttrs;
    const rank = (args.inputs.x as { shape: number[] }).shape.length;
    if (axis >= 0) return stock(args);
    return stock({ ...args, attrs: { ...args.attrs, axis: positiveAxis(axis, rank) } });
  };
}

export const cumsumGrad: GradConfig = {
  kernelName: 'Cumsum',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const { axis, exclusive, reverse } = attrs as unknown as CumAttrs;
    const a = positiveAxis(axis, saved[0].rank);
    return { x: () => tf.cumsum(dy as Tensor, a, exclusive, !reverse) };
  },
};

export const cumprodGrad: GradConfig = {
  kernelName: 'Cumprod',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, prod] = saved;
    const { axis, exclusive, reverse } = attrs as unknown as CumAttrs;
    const a = positiveAxis(axis, x.rank);
    return { x: () => tf.div(tf.cumsum(tf.mul(prod, dy as Tensor), a, exclusive, !reverse), x) };
  },
};
