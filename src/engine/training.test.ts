/**
 * End to end on wasm: a tiny MobileNet-style network (tfjs-layers) trains with the kernels
 * and gradients we register (depthwise convolution gradients, batch normalization, ...):
 * the loss falls and no tensor leaks from one step to the next.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initEngine } from './backend.ts';
import { tf } from './tf.ts';

function mobileNetLike(seed: number): tf.LayersModel {
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const convBlock = (x: tf.SymbolicTensor, filters: number, strides: number) => {
    const c = tf.layers.conv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: init(),
    });
    return tf.layers.reLU().apply(tf.layers.batchNormalization().apply(c.apply(x))) as tf.SymbolicTensor;
  };
  // depthwise 3x3 (stride s) + BN + relu, then pointwise 1x1 + BN + relu
  const separable = (x: tf.SymbolicTensor, filters: number, strides: number, multiplier = 1) => {
    const dw = tf.layers.depthwiseConv2d({
      kernelSize: 3,
      strides,
      padding: 'same',
      depthMultiplier: multiplier,
      useBias: false,
      depthwiseInitializer: init(),
    });
    const a = tf.layers.reLU().apply(tf.layers.batchNormalization().apply(dw.apply(x))) as tf.SymbolicTensor;
    const pw = tf.layers.conv2d({ filters, kernelSize: 1, useBias: false, kernelInitializer: init() });
    return tf.layers.reLU().apply(tf.layers.batchNormalization().apply(pw.apply(a))) as tf.SymbolicTensor;
  };
  const input = tf.input({ shape: [16, 16, 3] });
  let x = convBlock(input, 8, 2); // [8, 8, 8]
  x = separable(x, 16, 1, 2);
  x = separable(x, 16, 2); // [4, 4, 16]
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 4, activation: 'softmax', kernelInitializer: init() })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('training a MobileNet-style network on wasm', () => {
  before(async () => {
    await initEngine('wasm');
  });

  it('lowers the loss and keeps the tensor count fixed per step', () => {
    const model = mobileNetLike(1);
    const x = tf.randomNormal([16, 16, 16, 3], 0, 1, 'float32', 2);
    const y = tf.tidy(() =>
      tf.oneHot(tf.cast(tf.floor(tf.randomUniform([16], 0, 4, 'float32', 3)), 'int32'), 4).asType('float32'),
    );
    const optimizer = tf.train.adam(0.01);
    const step = () => {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        true,
      );
      const v = loss!.dataSync()[0];
      loss!.dispose();
      return v;
    };
    const losses = [step()];
    // Adam makes its moment slots on the first step; from then on a step must not add tensors.
    const count = tf.memory().numTensors;
    for (let i = 0; i < 14; i++) {
      losses.push(step());
      assert.equal(tf.memory().numTensors, count, `tensors grew at step ${i + 2}`);
    }
    assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
    assert.ok(
      losses[losses.length - 1] < 0.7 * losses[0],
      `loss ${losses[0]} -> ${losses[losses.length - 1]}`,
    );
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
