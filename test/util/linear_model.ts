/** A tiny image "classifier" whose answers are known: logits = flatten(x) W + b, no softmax. */
import { tf } from '../../src/engine/tf.ts';
import { LayersModelAdapter } from '../../src/model/tfjs.ts';

/** Input [h, w, c] (NHWC), `W` [h*w*c, classes] row-major as nested arrays. */
export function linearImageModel(shape: [number, number, number], W: number[][], b?: number[]) {
  const classes = W[0].length;
  const m = tf.sequential();
  m.add(tf.layers.flatten({ name: 'flatten', inputShape: shape }));
  m.add(
    tf.layers.dense({
      name: 'logits',
      units: classes,
      weights: [tf.tensor2d(W), tf.tensor1d(b ?? new Array(classes).fill(0))],
    }),
  );
  return new LayersModelAdapter(m, { name: 'linear', hash: '0' });
}
