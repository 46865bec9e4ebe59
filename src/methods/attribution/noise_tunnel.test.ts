import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { imagesFor, loadCnn } from '../../../test/util/attribution_models.ts';
import { maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import { gradientMethod } from './gradient_methods.ts';
import { integratedGradients } from './integrated_gradients.ts';
import { layerGradientXActivation } from './layer_gradient_x_activation.ts';
import { noiseTunnel } from './noise_tunnel.ts';
import { saliency } from './saliency.ts';

describe('noise tunnel', () => {
  before(() => initEngine('wasm'));
  let cnn: Model;
  let x: tf.Tensor;
  before(async () => {
    cnn = await loadCnn();
    x = imagesFor(cnn, 2);
  });
  after(() => {
    x.dispose();
    cnn.dispose();
  });

  it('with stdev 0 equals the wrapped method (smoothgrad), its square (smoothgrad-sq) and 0 (vargrad)', async () => {
    const plain = await saliency(cnn, x, { abs: false });
    const p = plain.values.dataSync();
    const before = tf.memory().numTensors;
    const sg = await noiseTunnel(cnn, x, {
      samples: 3,
      stdev: 0,
      methodOptions: { abs: false },
      internalBatchSize: 2,
    });
    const sq = await noiseTunnel(cnn, x, {
      type: 'smoothgrad-sq',
      samples: 3,
      stdev: 0,
      methodOptions: { abs: false },
    });
    const vg = await noiseTunnel(cnn, x, {
      type: 'vargrad',
      samples: 3,
      stdev: 0,
      methodOptions: { abs: false },
    });
    assert.deepEqual(Array.from(sg.values.dataSync()), Array.from(p));
    assert.ok(
      maxAbsDiff(
        sq.values.dataSync(),
        p.map((v) => v * v),
      ) <
        1e-6 * maxAbs(p.map((v) => v * v)),
    );
    assert.equal(maxAbs(vg.values.dataSync()), 0);
    assert.deepEqual(sg.meta.targets, plain.meta.targets);
    assert.equal(sg.meta.method, 'smoothgrad');
    assert.equal(sg.meta.options.method, 'saliency');
    assert.equal(sg.meta.seed, 0);
    tf.dispose([sg.values, sq.values, vg.values]);
    assert.equal(tf.memory().numTensors, before);
    plain.values.dispose();
  });

  it('wraps any method: integrated gradients (delta averaged) and a layer method, per-example baselines kept', async () => {
    const base = tf.tidy(() => tf.mul(x, 0.25));
    const ig = await integratedGradients(cnn, x, { steps: 4, baselines: base, outputLayer: 'logits' });
    const nt = await noiseTunnel(cnn, x, {
      method: integratedGradients,
      methodOptions: { steps: 4, baselines: base, outputLayer: 'logits' },
      samples: 2,
      stdev: 0,
      internalBatchSize: 1,
    });
    assert.ok(maxAbsDiff(nt.values.dataSync(), ig.values.dataSync()) < 1e-6 * maxAbs(ig.values.dataSync()));
    assert.ok(maxAbsDiff(nt.delta!.dataSync(), ig.delta!.dataSync()) < 1e-5);
    const lay = await noiseTunnel(cnn, x, {
      method: layerGradientXActivation,
      methodOptions: { layer: 'conv2' },
      samples: 2,
    });
    assert.deepEqual(lay.values.shape, [2, 14, 14, 64]);
    assert.equal(lay.meta.shapedLike, 'layer');
    tf.dispose([base, ig.values, ig.delta!, nt.values, nt.delta!, lay.values]);
  });

  it('is seeded: the same seed gives the same map, another seed another; the default noise is 15% of the range', async () => {
    const a = await noiseTunnel(cnn, x, { samples: 4, seed: 5 });
    const b = await noiseTunnel(cnn, x, { samples: 4, seed: 5, internalBatchSize: 3 });
    const c = await noiseTunnel(cnn, x, { samples: 4, seed: 6 });
    assert.ok(maxAbsDiff(a.values.dataSync(), b.values.dataSync()) < 1e-6 * maxAbs(a.values.dataSync()));
    assert.ok(maxAbsDiff(a.values.dataSync(), c.values.dataSync()) > 1e-3 * maxAbs(a.values.dataSync()));
    assert.equal(a.meta.seed, 5);
    const range = tf.tidy(() => tf.sub(tf.max(x, [1, 2, 3]), tf.min(x, [1, 2, 3])).dataSync());
    (a.meta.options.stdev as number[]).forEach((s, i) => {
      assert.ok(Math.abs(s - 0.15 * range[i]) < 1e-6);
    });
    tf.dispose([a.values, b.values, c.values]);
  });

  it('registry entries smoothgrad, smoothgrad-sq and vargrad wrap the method named by base', async () => {
    const sg = gradientMethod('smoothgrad')!;
    const r = await sg.fn(cnn, x, { base: 'input-x-gradient', samples: 2, stdev: 0 } as never);
    const ixg = await gradientMethod('input-x-gradient')!.fn(cnn, x);
    assert.ok(maxAbsDiff(r.values.dataSync(), ixg.values.dataSync()) < 1e-6 * maxAbs(ixg.values.dataSync()));
    assert.equal(r.meta.options.method, 'input-x-gradient');
    await assert.rejects(
      sg.fn(cnn, x, { base: 'nope' } as never),
      /smoothgrad: option 'base' is "nope" but must be one of saliency/,
    );
    await assert.rejects(noiseTunnel(cnn, x, { samples: 0 }), /smoothgrad: option 'samples' is 0/);
    await assert.rejects(
      noiseTunnel(cnn, x, { stdev: -1 }),
      /option 'stdev' is -1 but must be a finite number >= 0/,
    );
    await assert.rejects(noiseTunnel(cnn, x, { type: 'x' as never }), /noise tunnel: unknown type 'x'/);
    tf.dispose([r.values, ixg.values]);
  });
});
