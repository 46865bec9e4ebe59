/**
 * Gradients tfjs 4.22 lacks for indexing and rearranging ops, after TensorFlow's
 * (array_grad.py, nn_grad.py, image_grad.py). Each is expressed with ops that have fast
 * kernels on wasm and cpu.
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

/** TensorFlow's _GatherNdGrad: scatter dy back to the gathered positions (duplicates add). */
export const gatherNdGrad: GradConfig = {
  kernelName: 'GatherNd',
  inputsToSave: ['params', 'indices'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [params, indices] = saved;
    return {
      params: () => tf.scatterND(indices, dy as Tensor, params.shape),
      indices: () => tf.zeros(indices.shape),
    };
  },
};

/** TensorFlow's _ScatterNdGrad: each update's gradient is dy where it landed (duplicates each get it). */
export const scatterNdGrad: GradConfig = {
  kernelName: 'ScatterNd',
  inputsToSave: ['indices'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [indices] = saved;
    return {
      updates: () => tf.gatherND(dy as Tensor, indices),
      indices: () => tf.zeros(indices.shape),
    };
  },
};

/** TensorFlow's _TopKGrad: dy of the values goes to the positions the indices name. */
export const topKGrad: GradConfig = {
  kernelName: 'TopK',
  inputsToSave: ['x'],
  outputsToSave: [false, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [x, indices] = saved;
    const [dValues] = dy as Tensor[];
    return {
      x: () => {
        // indices [..., k] into rows of x [..., n]: flat positions row*n + index
        const n = x.shape[x.rank - 1];
        const k = indices.shape[indices.rank - 1];
        const rows = x.size / n;
        const base = tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(n, 'int32'));
        const flat = tf.add(tf.reshape(indices, [rows, k]), tf.reshape(base, [rows, 1]));
        const scattered = tf.scatterND(tf.reshape(flat, [rows * k, 1]), tf.reshape(dValues, [rows * k]), [
          rows * n,
        ]);
        return tf.reshape(scattered, x.shape);
      },
    };
  },
};

/** Flipping is its own transpose. */
export const flipLeftRightGrad: GradConfig = {
  kernelName: 'FlipLeftRight',
  gradFunc: (dy: Tensor | Tensor[]) => ({ image: () => tf.image.flipLeftRight(dy as tf.Tensor4D) }),
};

/** TensorFlow's _DepthToSpaceGrad is SpaceToDepth, which tfjs lacks: a reshape-transpose-reshape. */
export const depthToSpaceGrad: GradConfig = {
  kernelName: 'DepthToSpace',
  gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs: NamedAttrMap) => {
    const g = dy as Tensor;
    const b = attrs.blockSize as number;
    return {
      x: () => {
        if (attrs.dataFormat === 'NCHW') {
          // dy [N, C, H*b, W*b] -> [N, C, H, b, W, b] -> [N, b, b, C, H, W]
          const [n, c, hb, wb] = g.shape;
          const t = tf.transpose(tf.reshape(g, [n, c, hb / b, b, wb / b, b]), [0, 3, 5, 1, 2, 4]);
          return tf.reshape(t, [n, b * b * c, hb / b, wb / b]);
        }
        // dy [N, H*b, W*b, C] -> [N, H, b, W, b, C] -> [N, H, W, b, b, C]
        const [n, hb, wb, c] = g.shape;
        const t = tf.transpose(tf.reshape(g, [n, hb / b, b, wb / b, b, c]), [0, 1, 3, 2, 4, 5]);
        return tf.reshape(t, [n, hb / b, wb / b, b * b * c]);
      },
    };
  },
};
