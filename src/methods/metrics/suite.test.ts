import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linearImageModel } from '../../../test/util/linear_model.ts';
import { initEngine } from '../../engine/backend.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Attribution } from '../attribution/base.ts';
import { metricSuite } from './suite.ts';

describe('metric suite', () => {
  before(() => initEngine('wasm'));
  const w = [2, -1, 0.5, 3];

  /** exact IG of the linear model: (x − b) ⊙ w */
  const ig = (x: Tensor, b: number) => tf.tidy(() => tf.mul(tf.sub(x, b), tf.tensor4d(w, [1, 2, 2, 1])));

  it('runs every metric on an input-shaped attribution; exact IG is complete and faithful', async () => {
    const model = linearImageModel(
      [2, 2, 1],
      w.map((v) => [v, -v]),
    );
    const x = tf.tensor4d([0.9, 0.2, 0.4, 0.7], [1, 2, 2, 1]);
    const attr: Attribution = {
      values: ig(x, 0.1),
      meta: { method: 'ig', model: 'linear', modelHash: '0', targets: [0], options: {} },
    };
    const stages: string[] = [];
    const before = tf.memory().numTensors;
    const r = await metricSuite(model, x, attr, async (y) => ig(y, 0.1), {
      baseline: 0.1,
      multipliesInputs: true,
      steps: 4,
      onStage: (s) => stages.push(s),
    });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(stages, ['deletion/insertion', 'infidelity', 'sensitivity', 'completeness', 'sanity']);
    assert.equal(r.deletion!.fractions.length, 5);
    assert.ok(r.completeness!.error[0] < 1e-5);
    assert.equal(r.infidelity!.perturbation, 'square');
    assert.ok(r.infidelity!.values[0] < 1e-9);
    // the explanation ignores the weights: the sanity check sees the same map (ρ = 1)
    assert.deepEqual(
      r.sanity!.steps.map((s) => s.layer),
      ['logits'],
    );
    assert.ok(Math.abs(r.sanity!.steps[0].spearman[0] - 1) < 1e-12);
    assert.deepEqual(r.skipped, []);
    tf.dispose([x, attr.values]);
  });

  it('skips the input metrics for a layer-shaped attribution, saying why', async () => {
    const model = linearImageModel(
      [2, 2, 1],
      w.map((v) => [v]),
    );
    const x = tf.ones([1, 2, 2, 1]);
    const values = tf.ones([1, 4]);
    const attr: Attribution = {
      values,
      meta: { method: 'layer', model: 'linear', modelHash: '0', targets: [0], options: {} },
    };
    const r = await metricSuite(model, x, attr, async (y) => tf.ones([y.shape[0], 4]), {
      sanity: false,
      baseline: 0,
    });
    assert.deepEqual(
      r.skipped.map((s) => s.metric),
      ['deletion/insertion', 'infidelity', 'completeness', 'sanity'],
    );
    assert.equal(r.sensitivityMax!.max[0], 0);
    tf.dispose([x, values]);
  });
});
