import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadCnn } from '../../../test/util/attribution_models.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { Model } from '../../model/model.ts';
import { GRADIENT_METHODS, gradientMethod } from './gradient_methods.ts';

const NAMES = [
  'saliency',
  'input-x-gradient',
  'integrated-gradients',
  'gradient-shap',
  'deeplift',
  'deeplift-shap',
  'guided-backprop',
  'deconvolution',
  'smoothgrad',
  'smoothgrad-sq',
  'vargrad',
  'grad-cam',
  'guided-grad-cam',
  'layer-activation',
  'layer-gradient-x-activation',
  'layer-integrated-gradients',
  'layer-conductance',
  'neuron-gradient',
  'neuron-integrated-gradients',
];

describe('gradient methods registry', () => {
  before(() => initEngine('wasm'));

  it('lists every method under its kebab-case name with its kind and needs', () => {
    assert.deepEqual(
      GRADIENT_METHODS.map((m) => m.name),
      NAMES,
    );
    assert.equal(gradientMethod('grad-cam')!.kind, 'layer');
    assert.deepEqual(gradientMethod('neuron-integrated-gradients')!.needs, ['layer', 'neuron', 'baselines']);
    assert.equal(gradientMethod('nope'), undefined);
  });

  const models: [string, () => Promise<Model>, string, string][] = [
    ['fmnist-cnn', loadCnn, 'conv2', 'logits'],
    [
      'small_cnn.onnx',
      () => loadModel('test/fixtures/onnx/small_cnn.onnx'),
      '/features/features.2/features.2.2/Relu',
      '/head/Gemm',
    ],
  ];
  for (const [name, load, layer, outputLayer] of models) {
    it(`on ${name}: every method keeps its shape contract, leaks no tensor and restores the engine's gradients`, async () => {
      const model = await load();
      const x = tf.randomUniform([2, ...model.inputShape], 0, 1, 'float32', 1);
      const layerShape = tf.tidy(() => model.run(x, { taps: [layer] }).taps.get(layer)!.shape);
      const grads = ['Relu', 'Relu6', 'Sigmoid', 'Tanh'].map((k) => tf.getGradient(k));
      const opts = { layer, neuron: 3, outputLayer, steps: 4, samples: 2 };
      for (const m of GRADIENT_METHODS) {
        // the first call may fill caches (layer shapes, ONNX plans): count from the second
        const warm = await m.fn(model, x, opts);
        tf.dispose([warm.values, ...(warm.delta ? [warm.delta] : [])]);
        const before = tf.memory().numTensors;
        const r = await m.fn(model, x, opts);
        assert.equal(r.meta.method, m.name);
        const layerShaped = r.meta.shapedLike === 'layer';
        assert.deepEqual(r.values.shape, layerShaped ? layerShape : x.shape, m.name);
        assert.equal(layerShaped, m.kind === 'layer' && !m.name.includes('grad-cam'), m.name);
        if (r.delta) assert.deepEqual(r.delta.shape, [2], m.name);
        tf.dispose([r.values, ...(r.delta ? [r.delta] : [])]);
        assert.equal(tf.memory().numTensors, before, `${m.name} leaks`);
      }
      assert.deepEqual(
        ['Relu', 'Relu6', 'Sigmoid', 'Tanh'].map((k) => tf.getGradient(k)),
        grads,
      );
      x.dispose();
      model.dispose();
    });
  }

  it('rejects a missing layer or neuron with the option named', async () => {
    const model = await loadCnn();
    const x = tf.zeros([1, 28, 28, 1]);
    for (const m of GRADIENT_METHODS.filter((g) => g.needs.includes('layer'))) {
      await assert.rejects(m.fn(model, x, {}), new RegExp(`${m.name}: option 'layer' is undefined`), m.name);
    }
    await assert.rejects(
      gradientMethod('neuron-gradient')!.fn(model, x, { layer: 'fc1', neuron: 128 }),
      /neuron 128 is outside layer 'fc1', whose output is \[128\]/,
    );
    await assert.rejects(
      gradientMethod('neuron-gradient')!.fn(model, x, { layer: 'conv2', neuron: [1, 2] }),
      /neuron \[1,2\] is outside layer 'conv2', whose output is \[14,14,64\]/,
    );
    x.dispose();
    model.dispose();
  });
});
