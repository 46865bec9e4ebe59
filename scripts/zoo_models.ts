/**
 * The architectures of the bundled models. Layer names are part of the public surface
 * (taps, edits, CLI flags), so they are fixed here.
 */
import { tf } from '../src/engine/tf.ts';

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** Two 3x3 conv blocks with ReLU and 2x2 max-pool, then a dense layer: used for MNIST and Fashion-MNIST. */
export function smallCnn(seed: number, dropout = 0): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      name: 'conv1',
      inputShape: [28, 28, 1],
      filters: 32,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(seed + 1),
    }),
  );
  m.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  m.add(
    tf.layers.conv2d({
      name: 'conv2',
      filters: 64,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(seed + 2),
    }),
  );
  m.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  if (dropout > 0) m.add(tf.layers.dropout({ name: 'dropout', rate: dropout, seed: seed + 5 }));
  m.add(tf.layers.dense({ name: 'fc1', units: 128, activation: 'relu', kernelInitializer: init(seed + 3) }));
  m.add(tf.layers.dense({ name: 'logits', units: 10, kernelInitializer: init(seed + 4) }));
  m.add(tf.layers.activation({ name: 'probs', activation: 'softmax' }));
  return m;
}

/** Two hidden ReLU layers of 128 units: the network of the neuron-deletion experiments. */
export function mlp(seed: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ name: 'flatten', inputShape: [28, 28, 1] }));
  m.add(tf.layers.dense({ name: 'fc1', units: 128, activation: 'relu', kernelInitializer: init(seed + 1) }));
  m.add(tf.layers.dense({ name: 'fc2', units: 128, activation: 'relu', kernelInitializer: init(seed + 2) }));
  m.add(tf.layers.dense({ name: 'logits', units: 10, kernelInitializer: init(seed + 3) }));
  m.add(tf.layers.activation({ name: 'probs', activation: 'softmax' }));
  return m;
}
