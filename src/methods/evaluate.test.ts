import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrayDataset } from '../data/dataset.ts';
import { initEngine } from '../engine/backend.ts';
import { tf } from '../engine/tf.ts';
import { LayersModelAdapter } from '../model/tfjs.ts';
import { evaluate } from './evaluate.ts';

describe('evaluate', () => {
  it('counts the confusion matrix by brute force on a model that predicts argmax of its input', async () => {
    await initEngine('wasm');
    const m = tf.sequential();
    m.add(tf.layers.activation({ activation: 'linear', inputShape: [3] }));
    const model = new LayersModelAdapter(m, { name: 'identity', hash: '0' });
    const rows = [
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 3],
      [5, 1, 0],
      [0, 1, 9],
      [0, 4, 1],
      [7, 0, 0],
    ];
    const labels = [0, 1, 2, 1, 2, 0, 0];
    const data = arrayDataset({
      name: 't',
      shape: [3],
      x: Float32Array.from(rows.flat()),
      labels: Int32Array.from(labels),
    });
    const ev = evaluate(model, data, { batchSize: 3 });
    // predictions: 0 1 2 0 2 1 0 -> by brute force:
    const confusion = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    rows.forEach((r, i) => {
      confusion[labels[i]][r.indexOf(Math.max(...r))]++;
    });
    assert.deepEqual(ev.confusion, confusion);
    assert.equal(ev.accuracy, 5 / 7);
    assert.deepEqual(ev.perClassAccuracy, [2 / 3, 1 / 2, 1]);
  });

  it('refuses an unlabelled set and a wrong example shape with clear messages', async () => {
    await initEngine('wasm');
    const m = tf.sequential();
    m.add(tf.layers.activation({ activation: 'linear', inputShape: [3] }));
    const model = new LayersModelAdapter(m, { name: 'identity', hash: '0' });
    assert.throws(
      () => evaluate(model, arrayDataset({ name: 'u', shape: [3], x: new Float32Array(6) })),
      /data 'u' has no labels/,
    );
    assert.throws(
      () =>
        evaluate(
          model,
          arrayDataset({ name: 'w', shape: [4], x: new Float32Array(8), labels: new Int32Array(2) }),
        ),
      /data 'w' has examples of shape \[4\] but the model takes \[3\]/,
    );
  });
});
