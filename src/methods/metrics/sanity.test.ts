import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { asDataset, parseInputSpec } from '../../data/spec.ts';
import { initEngine } from '../../engine/backend.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { Model } from '../../model/model.ts';
import { ZOO_DIR } from '../../model/zoo.ts';
import { saliency } from '../attribution/saliency.ts';
import { modelRandomisation, topDownLayers } from './sanity.ts';

// fmnist-cnn when it is bundled, else mnist-cnn (same architecture family)
const useFashion =
  existsSync(`${ZOO_DIR}/fmnist-cnn/model.json`) &&
  existsSync('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');

describe('model-parameter randomisation (cascading)', () => {
  let model: Model;
  let x: Tensor;
  before(async () => {
    await initEngine('wasm');
    model = await loadModel(useFashion ? 'fmnist-cnn' : 'mnist-cnn');
    const data = asDataset(
      await parseInputSpec(useFashion ? 'fashion-mnist:test:0-1' : 'mnist:8000-8001', {
        inputShape: [28, 28, 1],
      }),
    );
    x = tf.tensor(data.batch(0, 2).x, [2, 28, 28, 1]);
  });

  it(`changes the saliency maps of ${useFashion ? 'fmnist-cnn' : 'mnist-cnn'} (Spearman < 0.5 once all layers are random)`, async (t) => {
    const explain = async (y: Tensor, targets: number[]) =>
      (await saliency(model, y, { target: targets, outputLayer: 'logits' })).values;
    const sal = await saliency(model, x, { outputLayer: 'logits' });
    const before = tf.memory().numTensors;
    const r = await modelRandomisation(model, x, sal.values, sal.meta.targets, explain, { seed: 1 });
    assert.equal(tf.memory().numTensors, before);
    const layers = topDownLayers(model);
    assert.deepEqual(
      r.steps.map((s) => s.layer),
      layers,
    );
    assert.deepEqual(r.steps.at(-1)!.randomised, layers);
    const last = r.steps.at(-1)!;
    for (let i = 0; i < 2; i++) {
      assert.ok(last.spearman[i] < 0.5, `spearman ${last.spearman[i]}`);
      assert.ok(last.ssim[i] < 0.5, `ssim ${last.ssim[i]}`);
      for (const s of r.steps) assert.ok(s.spearman[i] >= -1 && s.spearman[i] <= 1);
    }
    // the original weights are back: the same saliency again
    const again = await saliency(model, x, { outputLayer: 'logits' });
    assert.deepEqual(await again.values.data(), await sal.values.data());
    tf.dispose([sal.values, again.values]);
    t.diagnostic(JSON.stringify(r.steps.map((s) => [s.layer, s.spearman, s.ssim])));
  });

  it('an explanation that ignores the weights passes unchanged (ρ = SSIM = 1)', async () => {
    const explain = async (y: Tensor) => tf.clone(y);
    const r = await modelRandomisation(model, x, x, [0, 0], explain, { mode: 'independent' });
    for (const s of r.steps) {
      assert.equal(s.randomised.length, 1);
      for (let i = 0; i < 2; i++) {
        assert.ok(Math.abs(s.spearman[i] - 1) < 1e-12);
        assert.ok(Math.abs(s.ssim[i] - 1) < 1e-12);
      }
    }
  });
});
