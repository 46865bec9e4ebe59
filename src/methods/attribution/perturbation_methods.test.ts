import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { maxAbsDiff, scoreOne } from '../../../test/util/perturbation.ts';
import { loadMnist } from '../../data/mnist.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { Model } from '../../model/model.ts';
import { perturbationMethods } from './perturbation_methods.ts';

/** Cheap settings per method: a handful of forward passes each. */
const quick: Record<string, object> = {
  occlusion: { window: 7, stride: 7 },
  'feature-ablation': { features: { superpixels: 12 } },
  'shapley-value-sampling': { features: { grid: 7 }, samples: 2 },
  lime: { features: { grid: 7 }, samples: 48 },
  'kernel-shap': { features: { grid: 7 }, samples: 48 },
  rise: { masks: 48 },
};

async function check(model: Model, x: tf.Tensor, name: string) {
  const entry = perturbationMethods.find((m) => m.name === name)!;
  const before = tf.memory().numTensors;
  let last = [0, -1];
  const r = await entry.fn(model, x, {
    ...quick[name],
    onProgress: (d: number, t: number) => (last = [d, t]),
  });
  assert.deepEqual(r.values.shape, x.shape);
  assert.equal(r.meta.method, name);
  assert.equal(r.meta.modelHash, model.hash);
  assert.equal(last[0], last[1], 'progress reaches its total');
  const v = r.values.dataSync();
  assert.ok(v.every(Number.isFinite) && v.some((a) => a !== 0));
  r.values.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  return r.meta;
}

describe('perturbation methods on the bundled and ONNX models', () => {
  before(() => initEngine('wasm'));

  it('lists the six methods by their kebab-case names', () => {
    assert.deepEqual(
      perturbationMethods.map((m) => m.name),
      ['occlusion', 'feature-ablation', 'shapley-value-sampling', 'lime', 'kernel-shap', 'rise'],
    );
    assert.ok(perturbationMethods.every((m) => m.kind === 'input' && m.needs.length === 0));
  });

  it('each explains a digit of mnist-cnn (NHWC): shaped like the input, no leaks', async () => {
    const model = await loadModel('mnist-cnn');
    const b = loadMnist().batch(3, 4);
    const x = tf.tensor(b.x, [1, 28, 28, 1]);
    for (const m of perturbationMethods) {
      const meta = await check(model, x, m.name);
      assert.deepEqual(meta.targets, [b.labels![0]], 'predicted class');
    }
    x.dispose();
    model.dispose();
  });

  it('each explains an image of an ONNX CNN (NCHW); one window over everything gives f(x) − f(b)', async () => {
    const model = await loadModel('test/fixtures/onnx/small_cnn.onnx');
    const x = tf.randomUniform([1, 3, 32, 32], 0, 1, 'float32', 3);
    // the ONNX executor uploads its constants on the first run and keeps them
    tf.tidy(() => {
      model.run(x);
    });
    for (const m of perturbationMethods) await check(model, x, m.name);
    const whole = await perturbationMethods[0].fn(model, x, { window: 32, target: 4 });
    const data = x.dataSync() as Float32Array;
    const want = scoreOne(model, data, 4) - scoreOne(model, new Float32Array(data.length), 4);
    assert.ok(maxAbsDiff(whole.values.dataSync(), new Float32Array(data.length).fill(want)) < 1e-5);
    tf.dispose([x, whole.values]);
    model.dispose();
  });
});
