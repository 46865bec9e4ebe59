/** Lucid's own test idea: each objective rises under a few steps of gradient ascent. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { initEngine } from '../../src/engine/backend.ts';
import { tf } from '../../src/engine/tf.ts';
import {
  channel,
  classLogit,
  deepdream,
  direction,
  diversity,
  l1,
  l2,
  mul,
  neg,
  neuron,
  type Objective,
  scale,
  sum,
  totalVariation,
} from '../../src/methods/featurevis/objectives.ts';
import { pixelParam } from '../../src/methods/featurevis/param/pixel.ts';
import { parseObjective } from '../../src/methods/featurevis/parse.ts';
import { render } from '../../src/methods/featurevis/render.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/model.ts';

describe('featurevis objectives rise under gradient ascent (fmnist-cnn)', () => {
  let model: Model;
  before(async () => {
    await initEngine();
    model = await loadModel('fmnist-cnn');
  });
  after(() => model.dispose());

  const dir = Array.from({ length: 64 }, (_, i) => Math.cos(i));
  const cases: Objective[] = [
    channel('conv2', 0),
    neuron('conv2', 2),
    neuron('conv2', 0, 7, 9),
    deepdream('conv1'),
    direction('conv2', dir),
    classLogit(3, 'logits'),
    classLogit(7),
    l1(),
    l2(0.5),
    neg(totalVariation()),
    diversity('conv2'),
    sum(channel('conv2', 1), scale(0.5, channel('conv1', 2))),
    neg(scale(-2, channel('conv2', 4))),
    mul(channel('conv2', 6), channel('conv2', 6)),
    parseObjective('channel(conv2,3)@0 - 0.5*channel(conv2,7)@1'),
  ];
  for (const o of cases) {
    it(o.name, async () => {
      const r = await render(model, o, {
        steps: 6,
        lr: 0.05,
        batch: 2,
        transforms: [],
        // noisy start, so that every unit is alive somewhere
        param: pixelParam(1),
        seed: 3,
      });
      assert.ok(r.finalValue > r.values[0], `${o.name}: ${r.values[0]} -> ${r.finalValue}`);
    });
  }

  it('leaves no tensors behind and rejects bad channels', async () => {
    const n = tf.memory().numTensors;
    await render(model, channel('conv2', 0), { steps: 2, batch: 2 });
    assert.equal(tf.memory().numTensors, n);
    await assert.rejects(
      render(model, channel('conv2', 64), { steps: 1 }),
      /channel 64 is not a channel of layer 'conv2', which has 64/,
    );
    await assert.rejects(render(model, channel('nope', 1), { steps: 1 }), /no layer named 'nope'/);
    assert.equal(tf.memory().numTensors, n);
  });
});
